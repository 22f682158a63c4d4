import { type DatabaseHandle, seedTiers } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../routers';
import { callHttp, contextFor } from '../../test/context';
import { providerBackingOnePolicy } from '../../test/health';
import { feedAt } from '../../test/prices';
import { recordMarketSnapshot } from '../market';
import { STRESS_CURVE_BPS, stressTestPool } from './stress';

const USD = 100_000_000n;
const STX = 1_000_000n;
const T0 = new Date('2026-12-01T12:00:00Z');
// At $100,000 BTC and $2 STX: a $50,000 put backed at 125% (31,250 STX) and one at 150% (37,500).
const PUT = { type: 'PUT' as const, strikeUsd: 100_000n * USD, amountSats: 50_000_000n, stxUsd: 2n * USD };

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`pool stress test on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await seedTiers(handle.db);
      await recordMarketSnapshot(handle.db, feedAt(100_000n * USD, 2n * USD, T0));
      await providerBackingOnePolicy(handle.db, 'ST1BAL', 'balanced', PUT);
      await providerBackingOnePolicy(handle.db, 'ST1CON', 'conservative', {
        ...PUT,
        extraAvailable: 500n * STX,
      });
    });
    afterAll(() => handle?.close());

    it('today: at-the-money puts pay nothing, everyone is healthy, LP net is the premiums', async () => {
      const result = await stressTestPool(handle.db, {});
      expect(result.prices).toMatchObject({ btcUsd: 100_000n * USD, stxUsd: 2n * USD });
      expect(result.pool).toMatchObject({
        providers: { healthy: 2, warning: 0, margin_call: 0 },
        requirementUsd: 100_000n * USD,
        // (31,250 + 37,500 + 500) STX × $2.
        collateralUsd: 138_500n * USD,
        payoutsUsd: 0n,
        shortfallUsd: 0n,
      });
      expect(result.pool.lpNetUsd).toBe(result.pool.premiumsUsd);
      expect(result.tiers.map((t) => t.tier)).toEqual(['conservative', 'balanced', 'aggressive']);
    });

    it('BTC −30%: each put pays $15,000 out of its collateral, no shortfall', async () => {
      const result = await stressTestPool(handle.db, { btcChangeBps: -3_000 });
      expect(result.prices.btcUsd).toBe(70_000n * USD);
      expect(result.pool).toMatchObject({ payoutsUsd: 30_000n * USD, shortfallUsd: 0n });
      const balanced = result.tiers.find((t) => t.tier === 'balanced')!;
      expect(balanced).toMatchObject({
        payoutsUsd: 15_000n * USD,
        shortfallUsd: 0n,
        requirementUsd: 50_000n * USD,
      });
      expect(balanced.lpNetUsd).toBe(balanced.premiumsUsd - 15_000n * USD);
    });

    it('BTC $10,000 and STX $0.40: payouts capped by the collateral, the rest is shortfall', async () => {
      const result = await stressTestPool(handle.db, {
        btcPriceUsd: 10_000n * USD,
        stxPriceUsd: 40_000_000n,
      });
      // Owed $45,000 each; collateral worth 31,250 × $0.40 = $12,500 and 37,500 × $0.40 = $15,000.
      const byTier = Object.fromEntries(result.tiers.map((t) => [t.tier, t]));
      expect(byTier.balanced).toMatchObject({ payoutsUsd: 12_500n * USD, shortfallUsd: 32_500n * USD });
      expect(byTier.conservative).toMatchObject({ payoutsUsd: 15_000n * USD, shortfallUsd: 30_000n * USD });
      expect(result.pool).toMatchObject({
        payoutsUsd: 27_500n * USD,
        shortfallUsd: 62_500n * USD,
        providers: { healthy: 0, warning: 0, margin_call: 2 },
      });
    });

    it('the curve runs from −90% to +100%; puts pay less as BTC rises, nothing at or above the strike', async () => {
      const { curve } = await stressTestPool(handle.db, { stxChangeBps: -8_000 });
      expect(curve.map((p) => p.btcChangeBps)).toEqual(STRESS_CURVE_BPS);
      expect(curve[0]).toMatchObject({ btcChangeBps: -9_000, btcPriceUsd: 10_000n * USD });
      for (let i = 1; i < curve.length; i++) {
        expect(curve[i]!.payoutsUsd).toBeLessThanOrEqual(curve[i - 1]!.payoutsUsd);
        expect(curve[i]!.shortfallUsd).toBeLessThanOrEqual(curve[i - 1]!.shortfallUsd);
      }
      const atStrike = curve.find((p) => p.btcChangeBps === 0)!;
      expect(atStrike).toMatchObject({ payoutsUsd: 0n, shortfallUsd: 0n });
      expect(curve[0]!.shortfallUsd).toBe(62_500n * USD);
    });

    it('pool.stressTest is public and refuses bad scenarios with BAD_REQUEST naming the field', async () => {
      const ok = await callHttp(appRouter, contextFor(handle), 'pool.stressTest', {
        btcChangePct: -30,
        stxPriceUsd: '1.5',
      });
      expect(ok.status).toBe(200);
      const bad: [unknown, string][] = [
        [{ btcPriceUsd: '-5' }, 'btcPriceUsd'],
        [{ btcPriceUsd: '0' }, 'btcPriceUsd'],
        [{ stxPriceUsd: '1e9' }, 'stxPriceUsd'],
        [{ btcPriceUsd: '20000000' }, 'btcPriceUsd'],
        [{ btcChangePct: -100 }, 'btcChangePct'],
        [{ stxChangePct: 5000 }, 'stxChangePct'],
        [{ btcPriceUsd: '50000', btcChangePct: 10 }, 'btcChangePct'],
      ];
      for (const [input, field] of bad) {
        const res = await callHttp(appRouter, contextFor(handle), 'pool.stressTest', input);
        expect(res.status, JSON.stringify(input)).toBe(400);
        expect(JSON.stringify(res.body.error), JSON.stringify(input)).toContain(field);
      }
    });
  });
}
