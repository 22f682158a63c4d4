import { POLICY_TYPES } from '@bithedge/pricing';
import { z } from 'zod';
import { listProvidersAtRisk } from '../services/health';
import { listRiskParameters, publishRiskParameters } from '../services/quotes';
import { adminProcedure, router } from '../trpc';

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

export const adminRouter = router({
  /** Admin: every risk-parameter version, newest first. */
  riskParameters: adminProcedure.query(({ ctx }) => listRiskParameters(ctx.db)),

  /** Admin: every provider in warning or margin call at the last health check, worst first. */
  providersAtRisk: adminProcedure.query(({ ctx }) => listProvidersAtRisk(ctx.db)),

  /** Admin: publishes a new active version for a policy type. */
  publishRiskParameters: adminProcedure
    .input(z.object({ policyType: z.enum(POLICY_TYPES), params: RiskParamsInput }))
    .mutation(async ({ ctx, input }) => {
      const version = await publishRiskParameters(ctx.db, { ...input, createdBy: ctx.session.principal });
      // This process quotes with the new version at once; others within the cache's second.
      ctx.quoting.caches?.riskParameters.clear();
      return version;
    }),
});
