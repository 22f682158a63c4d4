import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './client';
import { queryRows, sqlTimestamp } from './rows';
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

    // Only where it applies (an it.runIf would count as skipped on PGlite).
    if (target.driver === 'postgres')
      it('refuses a bare Date through postgres.js: why sqlTimestamp exists', async () => {
        await expect(queryRows(handle.db, sql`select ${new Date()} as t`)).rejects.toThrow();
      });
  });
}
