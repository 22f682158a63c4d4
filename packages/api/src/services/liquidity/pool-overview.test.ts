import {
  type DatabaseHandle,
  DEMO_PROVIDERS,
  providerBalances,
  providers,
  seedTiers,
  type Token,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicReadCache } from '../../context';
import { appRouter, createCaller } from '../../routers';
import { callHttp, contextFor } from '../../test/context';
import { seedDemoLedger } from '../demo/seed';
import { getPoolOverview, ratioBps } from './pool-overview';

/** Expected figures computed independently from the seed definition. */
function expectedFromSeed(token: Token) {
  const rows = DEMO_PROVIDERS.flatMap((p) =>
    p.balances.filter((b) => b.token === token).map((b) => ({ ...b, tier: p.tier })),
  );
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const locked = sum(rows.map((r) => r.locked));
  const total = sum(rows.map((r) => r.available + r.locked));
  return { rows, locked, total, providers: rows.length };
}

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`pool overview on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(() => handle?.close());

    it('is all zeros on an empty pool, with every token and tier present', async () => {
      await seedTiers(handle.db);
      const overview = await getPoolOverview(handle.db);
      expect(overview.tokens.map((t) => t.token)).toEqual(['STX', 'SBTC']);
      for (const token of overview.tokens) {
        expect(token).toMatchObject({ totalCapital: 0n, locked: 0n, utilizationBps: 0, providerCount: 0 });
        expect(token.tiers.map((t) => t.tier)).toEqual(['conservative', 'balanced', 'aggressive']);
      }
    });

    it('aggregates the seeded balances exactly, per token and per tier', async () => {
      await seedDemoLedger(handle.db);
      const overview = await getPoolOverview(handle.db);
      for (const token of ['STX', 'SBTC'] as const) {
        const expected = expectedFromSeed(token);
        const actual = overview.tokens.find((t) => t.token === token)!;
        expect(actual.totalCapital).toBe(expected.total);
        expect(actual.locked).toBe(expected.locked);
        expect(actual.available).toBe(expected.total - expected.locked);
        expect(actual.providerCount).toBe(expected.providers);
        expect(actual.utilizationBps).toBe(ratioBps(expected.locked, expected.total));
        const tierSum = actual.tiers.reduce((a, t) => a + t.totalCapital, 0n);
        expect(tierSum).toBe(actual.totalCapital);
        for (const tier of actual.tiers) {
          const mine = expected.rows.filter((r) => r.tier === tier.tier);
          expect(tier.locked).toBe(mine.reduce((a, r) => a + r.locked, 0n));
          expect(tier.providerCount).toBe(mine.length);
        }
      }
    });

    it('does not count a provider whose balance is empty', async () => {
      const [p] = await handle.db
        .insert(providers)
        .values({ principal: 'ST3NBRSFKX28FQ2ZJ1MAKX58HKHSDGNV5N7R21XCP', tier: 'balanced' })
        .returning();
      await handle.db.insert(providerBalances).values({ providerId: p!.id, token: 'STX' });
      const overview = await getPoolOverview(handle.db);
      expect(overview.tokens[0]!.providerCount).toBe(expectedFromSeed('STX').providers);
    });

    it('is served publicly by pool.overview with bigint amounts intact', async () => {
      const res = await callHttp(appRouter, contextFor(handle), 'pool.overview');
      expect(res.status).toBe(200);
      const data = res.body.result?.data as {
        json: { tokens: { token: string; totalCapital: string }[] };
        meta: object;
      };
      expect(data.json.tokens[0]?.totalCapital).toBe(expectedFromSeed('STX').total.toString());
      expect(data.meta).toBeDefined();
    });

    it('serves pool figures from the server cache for up to a second, shared by every caller', async () => {
      const cache = createPublicReadCache();
      const cached = () => createCaller({ ...contextFor(handle), publicReads: cache });
      const before = await cached().pool.overview();
      const [p] = await handle.db
        .insert(providers)
        .values({ principal: 'STPUBLICREADCACHETEST', tier: 'balanced' })
        .returning();
      await handle.db.insert(providerBalances).values({ providerId: p!.id, token: 'STX', available: 7n });
      // Another caller within the second gets the same figures; without a cache, the new ones.
      expect(await cached().pool.overview()).toBe(before);
      const fresh = await createCaller(contextFor(handle)).pool.overview();
      expect(fresh.tokens[0]!.totalCapital).toBe(before.tokens[0]!.totalCapital + 7n);
      // Inputs are keys of their own: two ranges are two entries, each shared.
      const [a, b] = await Promise.all([
        cached().pool.history({ token: 'STX', range: '7d' }),
        cached().pool.history({ token: 'STX', range: '30d' }),
      ]);
      expect(a).not.toBe(b);
      expect(await cached().pool.history({ token: 'STX', range: '7d' })).toBe(a);
    });
  });
}

describe('ratioBps', () => {
  it('rounds down and treats an empty whole as zero', () => {
    expect(ratioBps(1n, 3n)).toBe(3333);
    expect(ratioBps(5n, 0n)).toBe(0);
    expect(ratioBps(10n ** 30n, 10n ** 30n)).toBe(10_000);
  });
});
