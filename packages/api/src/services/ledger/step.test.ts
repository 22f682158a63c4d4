import {
  type DatabaseHandle,
  ledgerEntries,
  ledgerHistory,
  ledgerSteps,
  providerBalances,
  providers,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { insertTestPolicies } from '../../test/policies';
import { listProviderTransactions } from '../liquidity/transactions';
import {
  applyStep,
  type ChainEventRef,
  chainEventHistory,
  deposit,
  lockCollateral,
  POLICY_STEP_DELTAS,
  type PolicyStep,
  reverseChainEvent,
  type StepSpec,
  verifyLedger,
  WIDE_STEP_PROVIDERS,
} from './index';

const STX = 1_000_000n;
const principalOf = (i: number) => `ST${String(i).padStart(3, '0')}WIDESTEPTESTPROVIDER`;

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`wide policy steps on ${target.label}`, () => {
    let handle: DatabaseHandle;
    let policyId: number;
    let ids: number[];
    const db = () => handle.db;

    const fund = async (from: number, count: number, amount = 100n * STX) => {
      for (let i = from; i < from + count; i++)
        await deposit(db(), {
          principal: principalOf(i),
          tier: 'balanced',
          token: 'STX',
          amount,
          chainTxId: `0xf${i}`,
          chainEventIndex: 0,
        });
      const rows = await db()
        .select({ id: providers.id })
        .from(providers)
        .where(
          inArray(
            providers.principal,
            Array.from({ length: count }, (_, k) => principalOf(from + k)),
          ),
        )
        .orderBy(asc(providers.id));
      return rows.map((r) => r.id);
    };
    const balances = async (of: readonly number[]) =>
      (
        await db()
          .select()
          .from(providerBalances)
          .where(and(inArray(providerBalances.providerId, [...of]), eq(providerBalances.token, 'STX')))
          .orderBy(asc(providerBalances.providerId))
      ).map((b) => ({
        id: b.providerId,
        available: b.available,
        locked: b.locked,
        pending: b.pendingPremiums,
      }));
    const step = (type: PolicyStep, key: string, amounts: readonly bigint[], on = ids): StepSpec => ({
      type,
      token: 'STX',
      policyId,
      idempotencyKey: key,
      parts: on.map((providerId, i) => ({ providerId, amount: amounts[i % amounts.length]! })),
    });
    const refusal = async (promise: Promise<unknown>) => {
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).code;
    };

    beforeAll(async () => {
      handle = await target.open();
      [policyId] = (await insertTestPolicies(handle.db, 1)) as [number];
      ids = await fund(0, 3);
    });
    afterAll(() => handle?.close());

    it('writes one row, moves every balance, and reads as one entry per provider with its deltas', async () => {
      const entriesBefore = await db().$count(ledgerEntries);
      const types: PolicyStep[] = [
        'LOCK',
        'PREMIUM_PENDING',
        'RELEASE',
        'SETTLEMENT_DEBIT',
        'PREMIUM_EARNED',
      ];
      const amounts: Record<PolicyStep, bigint[]> = {
        LOCK: [10n * STX, 20n * STX, 30n * STX],
        PREMIUM_PENDING: [3n, 5n, 7n],
        RELEASE: [4n * STX, 5n * STX, 6n * STX],
        SETTLEMENT_DEBIT: [1n * STX, 2n * STX, 3n * STX],
        PREMIUM_EARNED: [2n, 4n, 6n],
      };
      for (const type of types) {
        const result = await applyStep(db(), step(type, `wide-${type}`, amounts[type]));
        expect(result.applied).toBe(true);
        expect(result.entries.map((e) => e.providerId)).toEqual(ids);
        // What the write answers is what the view reads back (deltas derived by type in SQL).
        const read = await db()
          .select()
          .from(ledgerHistory)
          .where(eq(ledgerHistory.id, result.entries[0]!.id))
          .orderBy(asc(ledgerHistory.providerId));
        expect(read).toEqual(result.entries);
        read.forEach((e, i) => {
          const delta = POLICY_STEP_DELTAS[type](amounts[type][i]!);
          expect(e.idempotencyKey).toBe(`wide-${type}:p${ids[i]}`);
          expect(e.lockedDelta).toBe(delta.locked ?? 0n);
          expect(e.availableDelta).toBe(delta.available ?? 0n);
          expect(e.pendingPremiumDelta).toBe(delta.pendingPremium ?? 0n);
          expect(e.earnedPremiumDelta).toBe(delta.earnedPremium ?? 0n);
        });
      }
      expect(await db().$count(ledgerSteps)).toBe(5);
      expect(await db().$count(ledgerEntries)).toBe(entriesBefore);
      expect(await balances(ids)).toEqual([
        { id: ids[0], available: 94n * STX, locked: 5n * STX, pending: 1n },
        { id: ids[1], available: 85n * STX, locked: 13n * STX, pending: 1n },
        { id: ids[2], available: 76n * STX, locked: 21n * STX, pending: 1n },
      ]);
      expect(await verifyLedger(db())).toEqual([]);
    });

    it('answers a retry with the stored entries and refuses the key for other providers', async () => {
      const first = await applyStep(db(), step('LOCK', 'wide-retry', [1n * STX]));
      const before = await balances(ids);
      const again = await applyStep(db(), step('LOCK', 'wide-retry', [1n * STX]));
      expect(again.applied).toBe(false);
      expect(again.entries).toEqual(first.entries);
      expect(await refusal(applyStep(db(), step('LOCK', 'wide-retry', [1n * STX], ids.slice(1))))).toBe(
        'CONFLICT',
      );
      // Inside a transaction the stored key is skipped rather than failing the transaction.
      const inside = await db().transaction((tx) => applyStep(tx, step('LOCK', 'wide-retry', [1n * STX])));
      expect(inside.applied).toBe(false);
      expect(await balances(ids)).toEqual(before);
    });

    it('writes nothing when one balance does not cover its part, has no row, or the policy is unknown', async () => {
      const steps = await db().$count(ledgerSteps);
      const before = await balances(ids);
      // The last provider has ~75 STX available.
      expect(
        await refusal(applyStep(db(), step('LOCK', 'wide-short', [1n * STX, 1n * STX, 500n * STX]))),
      ).toBe('INSUFFICIENT_FUNDS');
      expect(
        await refusal(db().transaction((tx) => applyStep(tx, step('LOCK', 'wide-short-tx', [500n * STX])))),
      ).toBe('INSUFFICIENT_FUNDS');
      expect(await refusal(applyStep(db(), { ...step('LOCK', 'wide-sbtc', [1n]), token: 'SBTC' }))).toBe(
        'INSUFFICIENT_FUNDS',
      );
      expect(
        await refusal(applyStep(db(), { ...step('LOCK', 'wide-nopolicy', [1n]), policyId: 999_999 })),
      ).toBe('NOT_FOUND');
      expect(await db().$count(ledgerSteps)).toBe(steps);
      expect(await balances(ids)).toEqual(before);
    });

    it('refuses a step that names a provider twice or a part that is not positive', async () => {
      const twice = step('LOCK', 'wide-twice', [1n], [ids[0]!, ids[1]!, ids[0]!]);
      expect(await refusal(applyStep(db(), twice))).toBe('BAD_REQUEST');
      expect(await refusal(applyStep(db(), step('LOCK', 'wide-zero', [1n, 0n, 1n])))).toBe('BAD_REQUEST');
      expect(await refusal(applyStep(db(), step('LOCK', 'wide-none', [1n], [])))).toBe('BAD_REQUEST');
    });

    it('shows in each provider’s transaction history, and the cursor pages past it', async () => {
      const page = await listProviderTransactions(db(), principalOf(1), { limit: 2 });
      expect(page.items[0]).toMatchObject({ type: 'LOCK', amount: 1n * STX, token: 'STX' });
      expect(page.items.map((i) => i.id)).toEqual([...new Set(page.items.map((i) => i.id))]);
      const next = await listProviderTransactions(db(), principalOf(1), {
        limit: 50,
        cursor: page.nextCursor!,
      });
      const all = [...page.items, ...next.items];
      // Its deposit and every step above it: six steps (five types and the retried lock).
      expect(all.map((i) => i.type).sort()).toEqual(
        [
          'DEPOSIT',
          'LOCK',
          'LOCK',
          'PREMIUM_EARNED',
          'PREMIUM_PENDING',
          'RELEASE',
          'SETTLEMENT_DEBIT',
        ].sort(),
      );
    });

    it(`writes a lock across ${WIDE_STEP_PROVIDERS} providers as one step, and a re-org reverses it`, async () => {
      const many = await fund(1000, WIDE_STEP_PROVIDERS - ids.length, 10n * STX);
      const everyone = [...ids, ...many];
      const ref: ChainEventRef = { txId: '0xwide', eventIndex: 2, blockHash: '0xb10c' };
      const before = await balances(everyone);
      const steps = await db().$count(ledgerSteps);
      const locked = await lockCollateral(db(), {
        policyId,
        token: 'STX',
        parts: everyone.map((providerId) => ({ providerId, amount: 2n * STX })),
        chainEvent: { ref, cycle: 1 },
      });
      expect(locked.applied).toBe(true);
      expect(await db().$count(ledgerSteps)).toBe(steps + 1);
      const history = await chainEventHistory(db(), ref);
      expect(history.lastCycle).toBe(1);
      expect(history.live).toHaveLength(everyone.length);
      expect(history.live[0]!.idempotencyKey).toBe(`lock:0xwide:2@0xb10c:p${everyone[0]}`);
      expect(await verifyLedger(db())).toEqual([]);

      const reversed = await reverseChainEvent(db(), ref);
      expect(reversed.entries).toHaveLength(everyone.length);
      expect(await balances(everyone)).toEqual(before);
      expect((await chainEventHistory(db(), ref)).live).toEqual([]);
      expect(await verifyLedger(db())).toEqual([]);
    });

    it('verifyLedger replays steps: one written around the write path is reported', async () => {
      const [unknown] = await db()
        .insert(ledgerSteps)
        .values({
          token: 'STX',
          type: 'LOCK',
          policyId,
          idempotencyKey: 'tampered',
          providerIds: [ids[0]!, 99_999_999],
          amounts: [5n, 5n],
        })
        .returning({ id: ledgerSteps.id });
      const violations = await verifyLedger(db());
      expect(violations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ rule: 'replay', providerId: ids[0] }),
          expect.objectContaining({ rule: 'orphan-entries', providerId: 99_999_999 }),
        ]),
      );
      await db().delete(ledgerSteps).where(eq(ledgerSteps.id, unknown!.id));
      expect(await verifyLedger(db())).toEqual([]);
    });
  });
}
