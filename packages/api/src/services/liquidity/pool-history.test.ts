import { type DatabaseHandle, poolSnapshots, providerBalances, providers, seedTiers } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { DAY_MS } from '@bithedge/pricing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../routers';
import { callHttp, contextFor } from '../../test/context';
import { CRON_STEPS } from '../jobs';
import { getPoolHistory, hourOf, snapshotPool, thin } from './pool-history';

const T0 = new Date('2026-12-01T10:15:00Z');
const HOUR = 3_600_000;

describe('thin', () => {
  it('keeps everything up to the limit, else every k-th row back from the newest', () => {
    const rows = Array.from({ length: 10 }, (_, i) => i);
    expect(thin(rows, 10)).toEqual(rows);
    // 10 rows into at most 4: every 3rd, counted back from the newest.
    expect(thin(rows, 4)).toEqual([0, 3, 6, 9]);
    expect(thin(rows, 4).at(-1)).toBe(9);
    expect(thin(Array.from({ length: 8760 }, (_, i) => i)).length).toBeLessThanOrEqual(750);
  });

  it('hourOf is the start of the UTC hour', () => {
    expect(hourOf(T0).toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });
});

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`pool snapshots on ${target.label}`, () => {
    let handle: DatabaseHandle;
    let providerId: number;
    beforeAll(async () => {
      handle = await target.open();
      await seedTiers(handle.db);
      const [p] = await handle.db
        .insert(providers)
        .values({ principal: 'SP1', tier: 'balanced' })
        .returning();
      providerId = p!.id;
      await handle.db
        .insert(providerBalances)
        .values({ providerId, token: 'STX', available: 750n, locked: 250n, totalDeposited: 1_000n });
    });
    afterAll(() => handle?.close());

    const setLocked = (available: bigint, locked: bigint) =>
      handle.db
        .update(providerBalances)
        .set({ available, locked })
        .where(eq(providerBalances.providerId, providerId));

    it('writes one row per token × tier plus the pool row, once per hour however often it runs', async () => {
      const first = await CRON_STEPS['snapshot-pool'].run({ db: handle.db, now: T0 } as never);
      expect(first).toEqual({ hour: '2026-12-01T10:00:00.000Z', rows: 8 });
      await setLocked(500n, 500n);
      // Later in the same hour: the same rows, now with the latest figures.
      await snapshotPool(handle.db, new Date(T0.getTime() + 30 * 60_000));
      const rows = await handle.db.select().from(poolSnapshots);
      expect(rows).toHaveLength(8);
      const balanced = rows.find((r) => r.token === 'STX' && r.tier === 'balanced');
      expect(balanced).toMatchObject({
        capital: 1_000n,
        locked: 500n,
        available: 500n,
        utilizationBps: 5_000,
      });
      const pool = rows.find((r) => r.token === 'STX' && r.tier === 'all');
      expect(pool).toMatchObject({ capital: 1_000n, locked: 500n, providerCount: 1 });
      expect(rows.find((r) => r.token === 'SBTC' && r.tier === 'all')).toMatchObject({ capital: 0n });
    });

    it('answers a range oldest first, per tier or pool-wide', async () => {
      await setLocked(1_000n, 0n);
      await snapshotPool(handle.db, new Date(T0.getTime() + HOUR));
      await snapshotPool(handle.db, new Date(T0.getTime() - 3 * DAY_MS));
      const now = new Date(T0.getTime() + HOUR + 60_000);
      const day = await getPoolHistory(handle.db, { token: 'STX', tier: 'balanced', range: '24h' }, now);
      expect(day.points.map((p) => [p.hour.toISOString(), p.locked])).toEqual([
        ['2026-12-01T10:00:00.000Z', 500n],
        ['2026-12-01T11:00:00.000Z', 0n],
      ]);
      const all = await getPoolHistory(handle.db, { token: 'STX', range: 'all' }, now);
      expect(all.tier).toBe('all');
      expect(all.points).toHaveLength(3);
      expect(all.points[0]!.hour.toISOString()).toBe('2026-11-28T10:00:00.000Z');
    });

    it('is served publicly by pool.history', async () => {
      const res = await callHttp(appRouter, contextFor(handle), 'pool.history', {
        token: 'STX',
        range: 'all',
      });
      expect(res.status).toBe(200);
    });

    it.each([
      [{ token: 'DOGE' }, 'token'],
      [{ tier: 'yolo' }, 'tier'],
      [{ range: '1y' }, 'range'],
    ])('pool.history refuses %j with BAD_REQUEST naming the field', async (patch, field) => {
      const res = await callHttp(appRouter, contextFor(handle), 'pool.history', {
        token: 'STX',
        range: '7d',
        ...patch,
      });
      expect(res.status).toBe(400);
      const error = res.body.error?.json as { data: { code: string; zodIssues: { path: string[] }[] } };
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual([field]);
    });
  });
}
