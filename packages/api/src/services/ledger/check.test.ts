import { adminAlerts, type DatabaseHandle } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger, deposit, LEDGER_ALERT } from './index';

/*
 * The `verify-ledger` step: silent while the ledger is whole; one alert per distinct break (a
 * balance changed around the write path), kept while it lasts, replaced when it changes, resolved
 * when it is mended.
 */
const PROVIDER = 'ST2JHG361ZXG51QTKY2NQCVBPPRRE2KZB1HR05NNC';

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(
    `ledger: the verify-ledger step on ${target.label}`,
    () => {
      let handle: DatabaseHandle;
      beforeAll(async () => {
        handle = await target.open();
        await deposit(handle.db, {
          principal: PROVIDER,
          tier: 'balanced',
          token: 'STX',
          amount: 1_000n,
          chainTxId: '0xd1',
          chainEventIndex: 0,
        });
      });
      afterAll(() => handle?.close());

      const setAvailable = (available: number) =>
        handle.db.execute(sql`update provider_balances set available = ${available} where token = 'STX'`);
      const alerts = () =>
        handle.db
          .select()
          .from(adminAlerts)
          .where(eq(adminAlerts.kind, LEDGER_ALERT))
          .orderBy(adminAlerts.id);

      it('finds nothing on a whole ledger and raises nothing', async () => {
        expect(await checkLedger(handle.db)).toEqual({ violations: 0, byRule: {}, alert: 'none' });
        expect(await alerts()).toEqual([]);
      });

      it('raises one alert per distinct break, keeps it while it lasts, resolves it when mended', async () => {
        await setAvailable(1_100);
        const first = await checkLedger(handle.db);
        expect(first).toEqual({ violations: 2, byRule: { replay: 1, capital: 1 }, alert: 'raised' });
        expect(await checkLedger(handle.db)).toMatchObject({ alert: 'unchanged' });
        const [raised] = await alerts();
        expect(raised!.message).toMatch(
          /^The ledger breaks 2 of its identities \(capital 1, replay 1\); first: provider/,
        );
        expect(raised!.data).toMatchObject({ count: 2, byRule: { replay: 1, capital: 1 } });

        // A different break is a new alert; the first is resolved.
        await setAvailable(1_200);
        expect(await checkLedger(handle.db)).toMatchObject({ violations: 2, alert: 'raised' });
        const [old, current] = await alerts();
        expect(old!.resolvedAt).not.toBeNull();
        expect(current!.resolvedAt).toBeNull();

        await setAvailable(1_000);
        expect(await checkLedger(handle.db)).toEqual({ violations: 0, byRule: {}, alert: 'resolved' });
        expect((await alerts()).every((a) => a.resolvedAt !== null)).toBe(true);
      });
    },
  );
}
