import { type DatabaseHandle, ledgerEntries, providerBalances, providers } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { insertTestPolicies } from '../../test/policies';
import {
  accruePremium,
  claimPremiums,
  debitSettlement,
  deposit,
  earnPremium,
  lockCollateral,
  releaseCollateral,
  requestWithdrawal,
  resolveWithdrawal,
  verifyLedger,
} from './index';

const ALICE = 'ST1SJ3DTE5DN7X54YDH5D64R3BCB6A2AG2ZQ8YPD5';
const BOB = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`ledger on ${target.label}`, () => {
    let handle: DatabaseHandle;
    let policyId: number;
    let otherPolicyId: number;
    const balance = async (principal: string, token: 'STX' | 'SBTC' = 'STX') => {
      const [row] = await handle.db
        .select({ b: providerBalances })
        .from(providerBalances)
        .innerJoin(providers, eq(providers.id, providerBalances.providerId))
        .where(and(eq(providers.principal, principal), eq(providerBalances.token, token)));
      return row?.b;
    };
    const idOf = async (principal: string) =>
      (
        await handle.db.select({ id: providers.id }).from(providers).where(eq(providers.principal, principal))
      )[0]!.id;
    const entryCount = () => handle.db.$count(ledgerEntries);
    const expectRefusal = async (promise: Promise<unknown>, code: string) => {
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(code);
    };

    beforeAll(async () => {
      handle = await target.open();
      [policyId, otherPolicyId] = (await insertTestPolicies(handle.db, 2)) as [number, number];
    });
    afterAll(() => handle?.close());

    it('records a deposit once per chain event and creates the provider in its tier', async () => {
      const first = await deposit(handle.db, {
        principal: ALICE,
        tier: 'balanced',
        token: 'STX',
        amount: 1_000_000_000n,
        chainTxId: '0xaa',
        chainEventIndex: 0,
      });
      const retry = await deposit(handle.db, {
        principal: ALICE,
        tier: 'balanced',
        token: 'STX',
        amount: 1_000_000_000n,
        chainTxId: '0xaa',
        chainEventIndex: 0,
      });
      expect(first.applied).toBe(true);
      expect(retry).toEqual({ applied: false, entries: first.entries });
      expect(await balance(ALICE)).toMatchObject({
        available: 1_000_000_000n,
        totalDeposited: 1_000_000_000n,
        locked: 0n,
      });
      const [provider] = await handle.db.select().from(providers).where(eq(providers.principal, ALICE));
      expect(provider?.tier).toBe('balanced');
      await deposit(handle.db, {
        principal: BOB,
        tier: 'aggressive',
        token: 'STX',
        amount: 500_000_000n,
        chainTxId: '0xab',
        chainEventIndex: 3,
      });
      // The same statement (one shape, prepared once) with Bob's own values: principal, tier, amount.
      const [bob] = await handle.db.select().from(providers).where(eq(providers.principal, BOB));
      expect(bob?.tier).toBe('aggressive');
      expect(await balance(BOB)).toMatchObject({ available: 500_000_000n, totalDeposited: 500_000_000n });
      expect(await balance(ALICE)).toMatchObject({ available: 1_000_000_000n });
      expect(await verifyLedger(handle.db)).toEqual([]);
    });

    it('refuses a withdrawal beyond the available balance, writing nothing', async () => {
      const before = await entryCount();
      await expectRefusal(
        requestWithdrawal(handle.db, {
          principal: ALICE,
          token: 'STX',
          amount: 1_000_000_001n,
          requestId: 'w-too-much',
        }),
        'INSUFFICIENT_FUNDS',
      );
      expect(await entryCount()).toBe(before);
      expect((await balance(ALICE))?.available).toBe(1_000_000_000n);
      await expectRefusal(
        requestWithdrawal(handle.db, { principal: ALICE, token: 'STX', amount: 0n, requestId: 'w-zero' }),
        'BAD_REQUEST',
      );
      await expectRefusal(
        requestWithdrawal(handle.db, {
          principal: 'ST000000000000000000002AMW42H',
          token: 'STX',
          amount: 1n,
          requestId: 'w-nobody',
        }),
        'NOT_FOUND',
      );
    });

    it('reserves, confirms and fails withdrawals, each at most once', async () => {
      await requestWithdrawal(handle.db, {
        principal: ALICE,
        token: 'STX',
        amount: 100_000_000n,
        requestId: 'w1',
      });
      expect(
        (
          await requestWithdrawal(handle.db, {
            principal: ALICE,
            token: 'STX',
            amount: 100_000_000n,
            requestId: 'w1',
          })
        ).applied,
      ).toBe(false);
      expect(await balance(ALICE)).toMatchObject({
        available: 900_000_000n,
        pendingWithdrawal: 100_000_000n,
      });
      await resolveWithdrawal(handle.db, { requestId: 'w1', outcome: 'confirmed', chainTxId: '0xbb' });
      expect((await resolveWithdrawal(handle.db, { requestId: 'w1', outcome: 'confirmed' })).applied).toBe(
        false,
      );
      await expectRefusal(
        resolveWithdrawal(handle.db, { requestId: 'w1', outcome: 'failed' }),
        'INVALID_STATE',
      );
      expect(await balance(ALICE)).toMatchObject({
        available: 900_000_000n,
        pendingWithdrawal: 0n,
        totalWithdrawn: 100_000_000n,
      });

      await requestWithdrawal(handle.db, {
        principal: ALICE,
        token: 'STX',
        amount: 50_000_000n,
        requestId: 'w2',
      });
      await resolveWithdrawal(handle.db, { requestId: 'w2', outcome: 'failed' });
      expect(await balance(ALICE)).toMatchObject({ available: 900_000_000n, pendingWithdrawal: 0n });
      await expectRefusal(
        resolveWithdrawal(handle.db, { requestId: 'nope', outcome: 'failed' }),
        'NOT_FOUND',
      );
      expect(await verifyLedger(handle.db)).toEqual([]);
    });

    it('locks collateral across providers all-or-nothing', async () => {
      const alice = await idOf(ALICE);
      const bob = await idOf(BOB);
      const before = await entryCount();
      // Bob has 500 STX: locking 600 from him must refuse the whole lock, Alice's part included.
      await expectRefusal(
        lockCollateral(handle.db, {
          policyId,
          token: 'STX',
          parts: [
            { providerId: alice, amount: 100_000_000n },
            { providerId: bob, amount: 600_000_000n },
          ],
        }),
        'INSUFFICIENT_FUNDS',
      );
      expect(await entryCount()).toBe(before);
      expect((await balance(ALICE))?.locked).toBe(0n);

      const lock = {
        policyId,
        token: 'STX' as const,
        parts: [
          { providerId: alice, amount: 200_000_000n },
          { providerId: bob, amount: 100_000_000n },
        ],
      };
      expect((await lockCollateral(handle.db, lock)).entries).toHaveLength(2);
      expect((await lockCollateral(handle.db, lock)).applied).toBe(false);
      expect(await balance(ALICE)).toMatchObject({ available: 700_000_000n, locked: 200_000_000n });
      expect(await balance(BOB)).toMatchObject({ available: 400_000_000n, locked: 100_000_000n });
      expect(await verifyLedger(handle.db)).toEqual([]);
    });

    it('accrues, earns and claims premium; releases and settles collateral', async () => {
      const alice = await idOf(ALICE);
      const bob = await idOf(BOB);
      const shares = {
        policyId,
        token: 'STX' as const,
        parts: [
          { providerId: alice, amount: 34_666_667n },
          { providerId: bob, amount: 17_333_333n },
        ],
      };
      await accruePremium(handle.db, shares);
      expect((await balance(ALICE))?.pendingPremiums).toBe(34_666_667n);
      await earnPremium(handle.db, shares);
      expect(await balance(ALICE)).toMatchObject({ pendingPremiums: 0n, earnedPremiums: 34_666_667n });
      const claim = await claimPremiums(handle.db, { principal: ALICE, token: 'STX', requestId: 'c1' });
      expect(claim.entries[0]?.amount).toBe(34_666_667n);
      expect(
        (await claimPremiums(handle.db, { principal: ALICE, token: 'STX', requestId: 'c1' })).applied,
      ).toBe(false);
      await expectRefusal(
        claimPremiums(handle.db, { principal: ALICE, token: 'STX', requestId: 'c2' }),
        'INSUFFICIENT_FUNDS',
      );

      await debitSettlement(handle.db, {
        policyId,
        token: 'STX',
        parts: [{ providerId: bob, amount: 60_000_000n }],
      });
      await releaseCollateral(handle.db, {
        policyId,
        token: 'STX',
        parts: [
          { providerId: alice, amount: 200_000_000n },
          { providerId: bob, amount: 40_000_000n },
        ],
      });
      // The claimed premium joined Alice's available capital.
      expect(await balance(ALICE)).toMatchObject({
        available: 900_000_000n + 34_666_667n,
        locked: 0n,
        claimedPremiums: 34_666_667n,
      });
      expect(await balance(BOB)).toMatchObject({
        available: 440_000_000n,
        locked: 0n,
        earnedPremiums: 17_333_333n,
      });
      // Bob's capital: 500 deposited − 60 settled.
      expect(await verifyLedger(handle.db)).toEqual([]);
      // Nothing is locked behind the other policy: releasing from it cannot take Bob's locked below zero.
      await expectRefusal(
        releaseCollateral(handle.db, {
          policyId: otherPolicyId,
          token: 'STX',
          parts: [{ providerId: bob, amount: 1n }],
        }),
        'INSUFFICIENT_FUNDS',
      );
    });

    it('refuses an idempotency key reused by a different operation', async () => {
      const alice = await idOf(ALICE);
      const bob = await idOf(BOB);
      await lockCollateral(handle.db, { policyId, token: 'SBTC', parts: [] });
      // Same policy and token as the earlier lock, but another provider set: one key matches.
      await deposit(handle.db, {
        principal: ALICE,
        tier: 'balanced',
        token: 'SBTC',
        amount: 1_000n,
        chainTxId: '0xcc',
        chainEventIndex: 0,
      });
      await lockCollateral(handle.db, {
        policyId,
        token: 'SBTC',
        parts: [{ providerId: alice, amount: 10n }],
      });
      await expectRefusal(
        lockCollateral(handle.db, {
          policyId,
          token: 'SBTC',
          parts: [
            { providerId: alice, amount: 10n },
            { providerId: bob, amount: 10n },
          ],
        }),
        'CONFLICT',
      );
    });

    it('refuses a policy that does not exist, writing nothing', async () => {
      const before = await entryCount();
      await expectRefusal(
        lockCollateral(handle.db, {
          policyId: 999_999,
          token: 'STX',
          parts: [{ providerId: await idOf(ALICE), amount: 1n }],
        }),
        'NOT_FOUND',
      );
      expect(await entryCount()).toBe(before);
    });

    it('answers a retry with the stored entries after the balance has moved on', async () => {
      const request = { principal: ALICE, token: 'STX' as const, amount: 1n, requestId: 'before-drain' };
      const first = await requestWithdrawal(handle.db, request);
      const available = (await balance(ALICE))!.available;
      await requestWithdrawal(handle.db, { ...request, amount: available, requestId: 'drain' });
      // Applied again, the request would now take the balance below zero.
      expect(await requestWithdrawal(handle.db, request)).toEqual({ applied: false, entries: first.entries });
      expect(await handle.db.transaction((tx) => requestWithdrawal(tx, request))).toEqual({
        applied: false,
        entries: first.entries,
      });
      expect((await balance(ALICE))?.available).toBe(0n);
      expect(await verifyLedger(handle.db)).toEqual([]);
    });

    it('reports tampering: a balance that no longer matches its entries', async () => {
      const alice = await idOf(ALICE);
      await handle.db.execute(
        sql`update provider_balances set available = available + 1 where provider_id = ${alice} and token = 'STX'`,
      );
      const violations = await verifyLedger(handle.db);
      expect(violations.map((v) => v.rule).sort()).toEqual(['capital', 'replay']);
      expect(violations[0]).toMatchObject({ providerId: alice, token: 'STX' });
      await handle.db.execute(
        sql`update provider_balances set available = available - 1 where provider_id = ${alice} and token = 'STX'`,
      );
      expect(await verifyLedger(handle.db)).toEqual([]);
    });

    it('reports an entry written around the write path that names no policy', async () => {
      const alice = await idOf(ALICE);
      await handle.db.execute(
        sql`insert into ledger_entries (provider_id, token, type, amount, policy_id, idempotency_key)
            values (${alice}, 'STX', 'LOCK', 1, 987654, 'test:orphan-policy')`,
      );
      expect(await verifyLedger(handle.db)).toEqual([
        {
          rule: 'orphan-entries',
          providerId: alice,
          token: 'STX',
          detail: expect.stringContaining('names policy 987654, which does not exist'),
        },
      ]);
      await handle.db.execute(sql`delete from ledger_entries where idempotency_key = 'test:orphan-policy'`);
      expect(await verifyLedger(handle.db)).toEqual([]);
    });
  });
}
