import { type DatabaseHandle, ledgerEntries, providerBalances, providers } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { insertTestPolicies } from '../../test/policies';
import { applyEntries } from './apply';
import { deposit, lockCollateral, settlePolicy, verifyLedger } from './index';

/*
 * An sBTC-only backer is owed an STX premium share: the settlement opens its STX balance row
 * (`openBalances`) rather than refusing it, while a debit on a row that does not exist is still
 * refused, with nothing written.
 */
const CAROL = 'ST2JHG361ZXG51QTKY2NQCVBPPRRE2KZB1HR05NNC';

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`ledger: balance rows opened on ${target.label}`, () => {
    let handle: DatabaseHandle;
    let policyId: number;
    let carol: number;
    beforeAll(async () => {
      handle = await target.open();
      [policyId] = (await insertTestPolicies(handle.db, 1, 'SBTC')) as [number];
      await deposit(handle.db, {
        principal: CAROL,
        tier: 'balanced',
        token: 'SBTC',
        amount: 50_000_000n,
        chainTxId: '0xc1',
        chainEventIndex: 0,
      });
      carol = (await handle.db.select().from(providers).where(eq(providers.principal, CAROL)))[0]!.id;
      await lockCollateral(handle.db, {
        policyId,
        token: 'SBTC',
        parts: [{ providerId: carol, amount: 10_000_000n }],
      });
    });
    afterAll(() => handle?.close());
    const row = async (token: 'STX' | 'SBTC') =>
      (
        await handle.db
          .select()
          .from(providerBalances)
          .where(and(eq(providerBalances.providerId, carol), eq(providerBalances.token, token)))
      )[0];
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (e: unknown) => (e instanceof AppError ? e.code : e),
      );

    it('refuses a debit on a missing row, with or without openBalances, writing nothing', async () => {
      const before = await handle.db.$count(ledgerEntries);
      const lockStx = {
        providerId: carol,
        token: 'STX' as const,
        type: 'LOCK' as const,
        amount: 1n,
        delta: { available: -1n, locked: 1n },
        idempotencyKey: 'test:lock-stx',
      };
      expect(await refusal(applyEntries(handle.db, [lockStx]))).toBe('INSUFFICIENT_FUNDS');
      expect(await refusal(applyEntries(handle.db, [lockStx], undefined, { openBalances: true }))).toBe(
        'INSUFFICIENT_FUNDS',
      );
      expect(await handle.db.$count(ledgerEntries)).toBe(before);
      expect(await row('STX')).toBeUndefined();
    });

    it('refuses a credit to a missing row without openBalances, in or out of a transaction, writing nothing', async () => {
      // The row is found missing only after the entries are written (the update moves one row too
      // few): the whole statement must fail, the sBTC entry beside it included.
      const before = await handle.db.$count(ledgerEntries);
      const sbtcBefore = await row('SBTC');
      const entries = [
        {
          providerId: carol,
          token: 'SBTC' as const,
          type: 'PREMIUM_PENDING' as const,
          amount: 5n,
          delta: { pendingPremium: 5n },
          idempotencyKey: 'test:credit-sbtc',
        },
        {
          providerId: carol,
          token: 'STX' as const,
          type: 'PREMIUM_PENDING' as const,
          amount: 7n,
          delta: { pendingPremium: 7n },
          idempotencyKey: 'test:credit-stx',
        },
      ];
      expect(await refusal(applyEntries(handle.db, entries))).toBe('INSUFFICIENT_FUNDS');
      expect(await refusal(handle.db.transaction((tx) => applyEntries(tx, entries)))).toBe(
        'INSUFFICIENT_FUNDS',
      );
      expect(await handle.db.$count(ledgerEntries)).toBe(before);
      expect(await row('SBTC')).toEqual(sbtcBefore);
      expect(await row('STX')).toBeUndefined();
    });

    it('settles an sBTC policy: sats debited and released, the STX premium share in a new STX row', async () => {
      const settled = await settlePolicy(handle.db, {
        policyId,
        token: 'SBTC',
        premiumToken: 'STX',
        backers: [{ providerId: carol, locked: 10_000_000n, premium: 75_000_000n }],
        payout: 1_666_666n,
        chainEvent: { ref: { txId: '0xc2', eventIndex: 0, blockHash: '0xb2' }, cycle: 1 },
      });
      expect(settled.entries.map((e) => [e.type, e.token, e.amount])).toEqual([
        ['SETTLEMENT_DEBIT', 'SBTC', 1_666_666n],
        ['RELEASE', 'SBTC', 8_333_334n],
        ['PREMIUM_PENDING', 'STX', 75_000_000n],
      ]);
      expect(await row('SBTC')).toMatchObject({ available: 50_000_000n - 1_666_666n, locked: 0n });
      expect(await row('STX')).toMatchObject({ available: 0n, locked: 0n, pendingPremiums: 75_000_000n });
      expect(await verifyLedger(handle.db)).toEqual([]);
    });
  });
}
