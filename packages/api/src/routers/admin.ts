import { POLICY_TYPES, TIERS } from '@bithedge/pricing';
import { z } from 'zod';
import {
  getOperationsOverview,
  listAdminAlerts,
  listAdminAudit,
  listTierVersions,
  listVaultTierCaps,
  previewRiskParameters,
  previewTier,
  publishTier,
  resolveAdminAlert,
} from '../services/admin';
import { listProvidersAtRisk } from '../services/health';
import { listRiskParameters, publishRiskParameters } from '../services/quotes';
import { adminProcedure, router } from '../trpc';
import { MAX_INT64 } from './limits';

const factor = (min: number, max: number) => z.number().finite().min(min).max(max);

export const RiskParamsInput = z.object({
  baseRate: factor(0, 1),
  volatilityMultiplier: factor(0.01, 10),
  durationFactor: factor(0, 10),
  coverageFactor: factor(0, 10),
  tierMultipliers: z.object({
    conservative: factor(0.01, 10),
    balanced: factor(0.01, 10),
    aggressive: factor(0.01, 10),
  }),
  liquidityAdjustment: factor(-0.9, 10),
  marketTrendAdjustment: factor(-0.9, 10),
});

const RiskDraftInput = z.object({ policyType: z.enum(POLICY_TYPES), params: RiskParamsInput });

/** Shapes only: the ranges and the threshold order are checked by the service (`validateTierValues`). */
export const TierValuesInput = z.object({
  capacityLimit: z.bigint(),
  collateralRatioBps: z.number().finite(),
  premiumMultiplierBps: z.number().finite(),
  maxExposureBps: z.number().finite(),
  warningThresholdBps: z.number().finite(),
  marginCallThresholdBps: z.number().finite(),
});

const TierDraftInput = z.object({
  tier: z.enum(TIERS),
  token: z.enum(['STX', 'SBTC']),
  values: TierValuesInput,
});

const priceOptions = (quoting: { now: () => Date; maxPriceAgeMs: number }) => ({
  now: quoting.now(),
  maxPriceAgeMs: quoting.maxPriceAgeMs,
});

export const adminRouter = router({
  /** Admin: every risk-parameter version, newest first. */
  riskParameters: adminProcedure.query(({ ctx }) => listRiskParameters(ctx.db)),

  /** Admin: every provider in warning or margin call at the last health check, worst first. */
  providersAtRisk: adminProcedure.query(({ ctx }) => listProvidersAtRisk(ctx.db)),

  /** Admin: publishes a new active version for a policy type (audited). */
  publishRiskParameters: adminProcedure.input(RiskDraftInput).mutation(async ({ ctx, input }) => {
    const version = await publishRiskParameters(ctx.db, { ...input, createdBy: ctx.session.principal });
    // This process quotes with the new version at once; others within the cache's second.
    ctx.quoting.caches?.riskParameters.clear();
    return version;
  }),

  /** Admin: reference policies priced under the active version and under a draft, side by side. */
  previewRiskParameters: adminProcedure
    .input(RiskDraftInput)
    .query(({ ctx, input }) => previewRiskParameters(ctx.db, input, ctx.quoting)),

  /** Admin: every version of every tier × token, newest first within each. */
  tierVersions: adminProcedure.query(({ ctx }) => listTierVersions(ctx.db)),

  /** Admin: the providers whose health a draft tier would change, and the capacity it leaves. */
  previewTier: adminProcedure
    .input(TierDraftInput)
    .query(({ ctx, input }) => previewTier(ctx.db, input, priceOptions(ctx.quoting))),

  /** Admin: publishes a new active version of a tier × token and applies it (audited). */
  publishTier: adminProcedure
    .input(TierDraftInput)
    .mutation(({ ctx, input }) => publishTier(ctx.db, { ...input, actor: ctx.session.principal })),

  /**
   * Admin: per tier × token, the vault's cap (from the ingested `tier-cap` events) next to the
   * published capacity and the cap the contract owner must sign for it (`set-tier-cap`).
   */
  vaultTierCaps: adminProcedure.query(({ ctx }) => listVaultTierCaps(ctx.db)),

  /**
   * Admin: the operations overview — every scheduled step's last run and failures, the operator's
   * unfinished transactions, ingestion lag and the latest webhook deliveries, price ages and the
   * latest reconciliation.
   */
  operations: adminProcedure.query(({ ctx }) =>
    getOperationsOverview(ctx.db, {
      now: ctx.quoting.now(),
      maxPriceAgeMs: ctx.quoting.maxPriceAgeMs,
      chainTip: ctx.chainTip,
    }),
  ),

  /** Admin: the audit log of admin actions, newest first, in keyset pages. */
  auditLog: adminProcedure
    .input(z.object({ cursor: z.string().optional(), limit: z.int().min(1).max(100).default(50) }))
    .query(({ ctx, input }) => listAdminAudit(ctx.db, input)),

  /**
   * Admin: the alerts the backend raised for the people who run the pool (a withdrawal the ledger
   * could not cover, a quarantined event, a reconciliation mismatch, a provider on margin call…),
   * newest first, open ones or all, in keyset pages.
   */
  alerts: adminProcedure
    .input(
      z.object({
        status: z.enum(['open', 'all']).default('open'),
        cursor: z.string().optional(),
        limit: z.int().min(1).max(100).default(25),
      }),
    )
    .query(({ ctx, input }) => listAdminAlerts(ctx.db, input)),

  /** Admin: marks an alert dealt with, saying how (audited). */
  resolveAlert: adminProcedure
    .input(
      z.object({
        id: z.bigint().positive('must be an alert id').max(MAX_INT64, 'must be an alert id'),
        note: z.string().trim().min(1).max(500),
      }),
    )
    .mutation(({ ctx, input }) =>
      resolveAdminAlert(ctx.db, { ...input, actor: ctx.session.principal, now: ctx.quoting.now() }),
    ),
});
