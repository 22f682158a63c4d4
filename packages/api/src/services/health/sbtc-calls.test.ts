import {
  type DatabaseHandle,
  policies,
  policyAllocations,
  providerBalances,
  providers,
  seedTiers,
  type TierName,
  tiers,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerBackingOnePolicy } from '../../test/health';
import { feedAt } from '../../test/prices';
import { recordMarketSnapshot } from '../market';
import {
  allocationRequirementSats,
  allocationRequirementUsd,
  type HealthThresholds,
  providerHealth,
} from './model';
import { monitorHealth } from './monitor';
import { getProviderHealth } from './provider';

/*
 * sBTC-backed CALLs are covered at any BTC price: the payout, floor((S − K) × amount ÷ S) sats,
 * never exceeds the amount, so a backer's requirement is its share of the amount valued at the BTC
 * price, and its ratio is its collateral ÷ amount — the tier's collateral ratio — whatever BTC
 * does. The monitor's SQL and the model agree, and so does the provider's own health view.
 */
const USD = 100_000_000n;
const MINUTE = 60_000;
const T0 = new Date('2026-12-02T12:00:00Z');
const STX_USD = 2n * USD;
const CALL = { type: 'CALL' as const, strikeUsd: 100_000n * USD, amountSats: 10_000_000n };
const SBTC_ONLY: [string, TierName][] = [
  ['ST1SBTCCONSERVATIVE', 'conservative'],
  ['ST1SBTCBALANCED', 'balanced'],
  ['ST1SBTCAGGRESSIVE', 'aggressive'],
];

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`sBTC-backed CALLs and health on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await seedTiers(handle.db);
      for (const [principal, tier] of SBTC_ONLY)
        await providerBackingOnePolicy(handle.db, principal, tier, CALL);
      // A provider backing a put in STX and a CALL in sBTC: both parts of the requirement.
      const mixed = await providerBackingOnePolicy(handle.db, 'ST1MIXED', 'balanced', {
        ...CALL,
        type: 'PUT',
        stxUsd: STX_USD,
      });
      await providerBackingOnePolicy(handle.db, 'ST1MIXED', 'balanced', {
        ...CALL,
        providerId: mixed.providerId,
      });
    });
    afterAll(() => handle?.close());

    const thresholdsOf = async (tier: TierName): Promise<HealthThresholds> => {
      const rows = await handle.db.select().from(tiers).where(eq(tiers.name, tier));
      return {
        warningThresholdBps: Math.max(...rows.map((r) => r.warningThresholdBps)),
        marginCallThresholdBps: Math.max(...rows.map((r) => r.marginCallThresholdBps)),
      };
    };
    /** The model's health of a provider, from its rows. */
    const modelOf = async (providerId: number, tier: TierName, btcUsd: bigint) => {
      const balances = await handle.db
        .select()
        .from(providerBalances)
        .where(eq(providerBalances.providerId, providerId));
      const allocations = await handle.db
        .select({ a: policyAllocations, p: policies })
        .from(policyAllocations)
        .innerJoin(policies, eq(policies.id, policyAllocations.policyId))
        .where(and(eq(policyAllocations.providerId, providerId), eq(policyAllocations.status, 'LOCKED')));
      const sbtcCall = (p: typeof policies.$inferSelect) => p.token === 'SBTC' && p.type === 'CALL';
      return providerHealth({
        balances: balances.map((b) => ({ token: b.token, available: b.available, locked: b.locked })),
        requirementUsd: allocations
          .filter(({ p }) => !sbtcCall(p))
          .reduce((s, { a, p }) => s + allocationRequirementUsd(a.amount, p), 0n),
        requirementSats: allocations
          .filter(({ p }) => sbtcCall(p))
          .reduce((s, { a, p }) => s + allocationRequirementSats(a.amount, p), 0n),
        prices: { STX: STX_USD, SBTC: btcUsd },
        thresholds: await thresholdsOf(tier),
      });
    };

    it('an sBTC provider backing only CALLs is Healthy at any BTC price; the SQL equals the model', async () => {
      const prices = [1_000n, 30_000n, 100_000n, 250_000n, 10_000_000n].map((p) => p * USD);
      for (const [i, btcUsd] of prices.entries()) {
        const at = new Date(T0.getTime() + i * MINUTE);
        await recordMarketSnapshot(handle.db, feedAt(btcUsd, STX_USD, at));
        await monitorHealth(handle.db, { now: at, maxPriceAgeMs: 3 * MINUTE });
        for (const row of await handle.db.select().from(providers).orderBy(providers.id)) {
          const model = await modelOf(row.id, row.tier, btcUsd);
          expect(
            {
              status: row.healthStatus,
              ratio: row.collateralizationRatioBps,
              value: row.healthCollateralUsd,
            },
            `${row.principal} at BTC ${btcUsd / USD}`,
          ).toEqual({ status: model.status, ratio: model.ratioBps, value: model.valueUsd });
          expect(row.healthRequirementUsd).toBe(model.requirementUsd);
          const own = await getProviderHealth(handle.db, row.principal, {
            now: at,
            maxPriceAgeMs: 3 * MINUTE,
          });
          expect(own?.current?.ratioBps).toBe(model.ratioBps);
          if (row.principal === 'ST1MIXED') continue;
          expect(row.healthStatus, `${row.principal} at BTC ${btcUsd / USD}`).toBe('healthy');
          // All its capital locked, its ratio is its tier's collateral ratio (less a rounding bps).
          const [ratio] = await handle.db
            .select({ bps: tiers.collateralRatioBps })
            .from(tiers)
            .where(and(eq(tiers.name, row.tier), eq(tiers.token, 'SBTC')));
          expect(row.collateralizationRatioBps! >= BigInt(ratio!.bps) - 1n).toBe(true);
          expect(row.collateralizationRatioBps! <= BigInt(ratio!.bps)).toBe(true);
        }
      }
    });
  });
}
