import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './client';
import { queryPreparedRows, queryRows, sqlTimestamp, toQuery } from './rows';
import { testDatabaseTargets } from './testing';

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`raw SQL parameters on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(() => handle?.close());

    it('takes a timestamp through sqlTimestamp on both drivers (the operator outbox writes so)', async () => {
      const at = new Date('2026-12-02T11:33:00.123Z');
      const [row] = await queryRows<{ t: Date | string; later: boolean }>(
        handle.db,
        sql`select ${sqlTimestamp(at)} as t, ${sqlTimestamp(at)} < now() + interval '1 day' as later`,
      );
      expect(new Date(row!.t).toISOString()).toBe(at.toISOString());
      expect(row!.later).toBe(true);
    });

    it('runs a statement built once with placeholders, each time with its own values, in and out of a transaction', async () => {
      const query = toQuery(
        sql`select ${sql.placeholder('n')}::int * 2 as doubled, cardinality(${sql.placeholder('xs')}::text[]) as count`,
      );
      const run = (db: DatabaseHandle['db'], n: number, xs: string) =>
        queryPreparedRows<{ doubled: number; count: number }>(db, query, { n: String(n), xs });
      expect(await run(handle.db, 21, '{a,b,c}')).toEqual([{ doubled: 42, count: 3 }]);
      expect(await run(handle.db, 5, '{"x,y"}')).toEqual([{ doubled: 10, count: 1 }]);
      expect(await handle.db.transaction((tx) => run(tx, -4, '{}'))).toEqual([{ doubled: -8, count: 0 }]);
      await expect(queryPreparedRows(handle.db, query, { n: '1' })).rejects.toThrow(/placeholder "xs"/);
    });

    // Only where it applies (an it.runIf would count as skipped on PGlite).
    if (target.driver === 'postgres')
      it('refuses a bare Date through postgres.js: why sqlTimestamp exists', async () => {
        await expect(queryRows(handle.db, sql`select ${new Date()} as t`)).rejects.toThrow();
      });
  });
}
