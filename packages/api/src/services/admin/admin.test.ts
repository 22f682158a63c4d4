import {
  adminAudit,
  type DatabaseHandle,
  riskParameters,
  seedRiskParameters,
  seedTiers,
  tiers,
  tierVersions,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { DEFAULT_RISK_PARAMS } from '@bithedge/pricing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQuotingContext } from '../../context';
import { isAppError } from '../../errors';
import { appRouter } from '../../routers';
import { callHttp, contextFor } from '../../test/context';
import { providerBackingOnePut } from '../../test/health';
import { feedAt } from '../../test/prices';
import { monitorHealth } from '../health';
import { recordMarketSnapshot } from '../market';
import { requiredCollateral } from '../policies';
import { computeBuyerQuote, publishRiskParameters } from '../quotes';
import { listAdminAudit } from './audit';
import { previewRiskParameters } from './risk-preview';
import { listTierVersions, previewTier, publishTier, type TierValues, validateTierValues } from './tiers';

const USD = 100_000_000n;
const MINUTE = 60_000;
const T0 = new Date('2026-12-01T12:00:00Z');
const quoting = createQuotingContext({ now: () => T0, maxPriceAgeMs: 15 * MINUTE });
const priceOptions = { now: T0, maxPriceAgeMs: 15 * MINUTE };

/** The seeded balanced STX tier (packages/db/src/seed/tiers.ts). */
const BALANCED: TierValues = {
  capacityLimit: 10_000_000_000_000n,
  collateralRatioBps: 12_500,
  premiumMultiplierBps: 10_000,
  maxExposureBps: 7_000,
  warningThresholdBps: 11_500,
  marginCallThresholdBps: 10_500,
};

function refusal(fn: () => unknown): { code: string; message: string; field: unknown } | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, message: error.message, field: error.details?.field };
  }
}

describe('validateTierValues', () => {
  it('accepts the seeded values', () => expect(refusal(() => validateTierValues(BALANCED))).toBeNull());

  it.each([
    ['capacityLimit', { capacityLimit: -1n }],
    ['collateralRatioBps', { collateralRatioBps: 0 }],
    ['collateralRatioBps', { collateralRatioBps: 9_999 }],
    ['premiumMultiplierBps', { premiumMultiplierBps: 0 }],
    ['premiumMultiplierBps', { premiumMultiplierBps: 50_001 }],
    ['maxExposureBps', { maxExposureBps: 10_001 }],
    ['maxExposureBps', { maxExposureBps: 0 }],
    ['warningThresholdBps', { warningThresholdBps: -5 }],
    ['marginCallThresholdBps', { marginCallThresholdBps: 0 }],
    ['collateralRatioBps', { collateralRatioBps: 12_500.5 }],
    // Thresholds ordered: margin call strictly below warning.
    ['marginCallThresholdBps', { marginCallThresholdBps: 11_500 }],
    ['marginCallThresholdBps', { warningThresholdBps: 10_000 }],
  ] as const)('refuses a bad %s with BAD_REQUEST naming it', (field, change) => {
    const r = refusal(() => validateTierValues({ ...BALANCED, ...change }));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', field });
    expect(r?.message.startsWith(`${field}:`)).toBe(true);
  });
});

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`admin console on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await seedTiers(handle.db);
      await seedRiskParameters(handle.db);
      await recordMarketSnapshot(handle.db, feedAt(100_000n * USD, 2n * USD, T0));
    });
    afterAll(() => handle?.close());

    it('seeds version 1 of every tier × token, active, by seed', async () => {
      const versions = await listTierVersions(handle.db);
      expect(versions).toHaveLength(6);
      expect(versions.every((v) => v.version === 1 && v.isActive && v.createdBy === 'seed')).toBe(true);
    });

    it('previews a draft risk-parameter version with the quote path, next to the active one', async () => {
      const same = await previewRiskParameters(
        handle.db,
        { policyType: 'PUT', params: DEFAULT_RISK_PARAMS },
        quoting,
      );
      expect(same.rows[0]).toMatchObject({ label: '30-day 90% PUT', changeBps: 0 });
      expect(same.rows.every((r) => r.activePremiumUsd === r.draftPremiumUsd)).toBe(true);
      const quote = await computeBuyerQuote(
        handle.db,
        { policyType: 'PUT', days: 30, protectedValuePercentage: 90, amount: '1' },
        quoting,
      );
      expect(same.rows[0]!.activePremiumUsd).toBe(quote.premiumUsd);

      const dearer = {
        ...DEFAULT_RISK_PARAMS,
        volatilityMultiplier: DEFAULT_RISK_PARAMS.volatilityMultiplier * 1.5,
      };
      const preview = await previewRiskParameters(handle.db, { policyType: 'CALL', params: dearer }, quoting);
      expect(preview.rows[0]!.label).toBe('7-day 110% CALL');
      for (const row of preview.rows) expect(row.draftPremiumUsd).toBeGreaterThan(row.activePremiumUsd);
      // A preview publishes nothing.
      expect(await handle.db.$count(riskParameters)).toBe(2);
    });

    it('publishes risk parameters atomically under two concurrent publishes, auditing each', async () => {
      const params = (baseRate: number) => ({ ...DEFAULT_RISK_PARAMS, baseRate });
      const published = await Promise.all([
        publishRiskParameters(handle.db, {
          policyType: 'PUT',
          params: params(0.011),
          createdBy: 'ST1ADMINA',
        }),
        publishRiskParameters(handle.db, {
          policyType: 'PUT',
          params: params(0.012),
          createdBy: 'ST1ADMINB',
        }),
      ]);
      expect(published.map((v) => v.version).sort()).toEqual([2, 3]);
      const puts = await handle.db.select().from(riskParameters).where(eq(riskParameters.policyType, 'PUT'));
      expect(puts.filter((r) => r.isActive)).toHaveLength(1);
      expect(puts.find((r) => r.isActive)?.version).toBe(3);
      const audit = await handle.db
        .select()
        .from(adminAudit)
        .where(eq(adminAudit.action, 'risk_parameters.publish'));
      expect(audit).toHaveLength(2);
      // The second publish replaced the first: its `before` is version 2.
      const last = audit.find((a) => (a.after as { version: number }).version === 3)!;
      expect((last.before as { version: number }).version).toBe(2);
    });

    it('publishes a tier: history kept, one active version, readers see the new values', async () => {
      const values = { ...BALANCED, collateralRatioBps: 15_000, capacityLimit: 42n };
      const [a, b] = await Promise.all([
        publishTier(handle.db, { tier: 'balanced', token: 'STX', values, actor: 'ST1ADMINA' }),
        publishTier(handle.db, {
          tier: 'balanced',
          token: 'STX',
          values: { ...values, collateralRatioBps: 16_000 },
          actor: 'ST1ADMINB',
        }),
      ]);
      expect([a.version, b.version].sort()).toEqual([2, 3]);
      const rows = await handle.db
        .select()
        .from(tierVersions)
        .where(and(eq(tierVersions.name, 'balanced'), eq(tierVersions.token, 'STX')));
      expect(rows).toHaveLength(3);
      const active = rows.filter((r) => r.isActive);
      expect(active).toHaveLength(1);
      const [tierRow] = await handle.db
        .select()
        .from(tiers)
        .where(and(eq(tiers.name, 'balanced'), eq(tiers.token, 'STX')));
      // The tiers row every reader uses holds the active version's values.
      expect(tierRow!.collateralRatioBps).toBe(active[0]!.collateralRatioBps);
      expect(await requiredCollateral(handle.db, 'balanced', 'STX', 1_000n)).toBe(
        (1_000n * BigInt(active[0]!.collateralRatioBps)) / 10_000n,
      );
      expect(await handle.db.$count(adminAudit, eq(adminAudit.action, 'tier.publish'))).toBe(2);
      // Back to the seeded values for the tests below.
      await publishTier(handle.db, { tier: 'balanced', token: 'STX', values: BALANCED, actor: 'ST1ADMINA' });
    });

    it('refuses a bad tier before writing anything', async () => {
      const before = await handle.db.$count(tierVersions);
      await expect(
        publishTier(handle.db, {
          tier: 'balanced',
          token: 'STX',
          values: { ...BALANCED, marginCallThresholdBps: 12_000 },
          actor: 'ST1ADMINA',
        }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('marginCallThresholdBps'),
      });
      expect(await handle.db.$count(tierVersions)).toBe(before);
    });

    it('refuses bad admin input over HTTP with 400 naming the field, writing nothing', async () => {
      const ctx = contextFor(handle, { principal: 'ST1ADMINA', role: 'admin' });
      const before = await handle.db.$count(adminAudit);
      const tier = await callHttp(
        appRouter,
        ctx,
        'admin.publishTier',
        { tier: 'balanced', token: 'STX', values: { ...BALANCED, premiumMultiplierBps: 900_000 } },
        'POST',
      );
      expect(tier.status).toBe(400);
      expect(JSON.stringify(tier.body.error)).toContain('premiumMultiplierBps: must be between');
      const risk = await callHttp(
        appRouter,
        ctx,
        'admin.publishRiskParameters',
        { policyType: 'PUT', params: { ...DEFAULT_RISK_PARAMS, baseRate: 5 } },
        'POST',
      );
      expect(risk.status).toBe(400);
      const data = (risk.body.error!.json as { data: { fieldErrors: Record<string, string[]> } }).data;
      expect(Object.keys(data.fieldErrors)).toEqual(['params']);
      expect(JSON.stringify(risk.body.error)).toContain('"baseRate"');
      expect(await handle.db.$count(adminAudit)).toBe(before);
    });

    it('previews which providers a tier draft moves, from the health engine, and the capacity left', async () => {
      const put = { strikeUsd: 100_000n * USD, amountSats: 10_000_000n, stxUsd: 2n * USD };
      // All capital locked at the balanced ratio: 125%, healthy under warning 115%.
      await providerBackingOnePut(handle.db, 'ST1BALANCEDPREVIEW', 'balanced', put);
      const draft = {
        ...BALANCED,
        warningThresholdBps: 13_000,
        marginCallThresholdBps: 12_000,
        capacityLimit: 5n,
      };
      const preview = await previewTier(
        handle.db,
        { tier: 'balanced', token: 'STX', values: draft },
        priceOptions,
      );
      expect(preview.healthChanges).toEqual([
        { principal: 'ST1BALANCEDPREVIEW', ratioBps: 12_500n, from: 'healthy', to: 'warning' },
      ]);
      expect(preview.capacityLeft.draft).toBe(0n);
      expect(preview.capacityLeft.active).toBe(BALANCED.capacityLimit - preview.capacityUsed);
      // Other tiers are untouched by a balanced draft; the unchanged draft moves nobody.
      const same = await previewTier(
        handle.db,
        { tier: 'balanced', token: 'STX', values: BALANCED },
        priceOptions,
      );
      expect(same.healthChanges).toEqual([]);
    });

    it('lists providers at risk with their ratio and shortfall', async () => {
      // STX −10%: the balanced provider's 125% becomes 112.5%, below the 115% warning threshold.
      const t1 = new Date(T0.getTime() + MINUTE);
      await recordMarketSnapshot(handle.db, feedAt(100_000n * USD, (18n * USD) / 10n, t1));
      await monitorHealth(handle.db, { now: t1, maxPriceAgeMs: 3 * MINUTE });
      const { listProvidersAtRisk } = await import('../health');
      const [atRisk] = await listProvidersAtRisk(handle.db);
      expect(atRisk).toMatchObject({ principal: 'ST1BALANCEDPREVIEW', status: 'warning', ratioBps: 11_250n });
      // 115% of the requirement minus what it holds.
      expect(atRisk!.shortfallUsd).toBe(
        (atRisk!.requirementUsd * 11_500n + 9_999n) / 10_000n - atRisk!.collateralUsd,
      );
      expect(atRisk!.shortfallUsd).toBeGreaterThan(0n);
    });

    it('pages the audit log newest first by keyset', async () => {
      const first = await listAdminAudit(handle.db, { limit: 2 });
      expect(first.entries).toHaveLength(2);
      expect(first.entries[0]!.id).toBeGreaterThan(first.entries[1]!.id);
      expect(first.entries[0]!.action).toBe('tier.publish');
      const second = await listAdminAudit(handle.db, { limit: 100, cursor: first.nextCursor! });
      const total = await handle.db.$count(adminAudit);
      expect(first.entries.length + second.entries.length).toBe(total);
      expect(second.nextCursor).toBeNull();
      expect(second.entries[0]!.id).toBeLessThan(first.entries[1]!.id);
      await expect(listAdminAudit(handle.db, { limit: 2, cursor: 'nope' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });
  });
}
