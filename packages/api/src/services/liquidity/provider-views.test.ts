import {
  type DatabaseHandle,
  type Executor,
  type LedgerEntryType,
  ledgerEntries,
  marketData,
  policies,
  policyAllocations,
  providers,
  type Token,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccount } from '../../devnet-accounts';
import { insertTestPolicies } from '../../test/policies';
import { allocationRequirementSats, allocationRequirementUsd, sbtcRequirementUsd } from '../health';
import {
  accruePremium,
  applyEntries,
  type ChainEventRef,
  claimPremiums,
  confirmChainWithdrawal,
  debitSettlement,
  deposit,
  earnPremium,
  lockCollateral,
  releaseCollateral,
  requestWithdrawal,
  resolveWithdrawal,
  reverseChainEvent,
} from '../ledger';
import { listOwnPolicies } from '../policies';
import { listProviderAllocations } from './allocations';
import { getProviderBalanceHistory } from './balance-history';
import { encodePageCursor } from './page-cursor';
import { KIND_TYPES, type TransactionKind } from './transaction-words';
import { listProviderTransactions, type ProviderTransaction } from './transactions';
import { getProviderYieldStats } from './yield-stats';

const alice = devnetAccount('wallet_1').address;
const bob = devnetAccount('wallet_2').address;
const carol = devnetAccount('wallet_3').address;
const DAY = 86_400_000;

async function providerId(db: Executor, principal: string): Promise<number> {
  const [row] = await db
    .select({ id: providers.id })
    .from(providers)
    .where(eq(providers.principal, principal));
  return row!.id;
}

/** Every ledger entry type once for alice (a few twice), through the ledger's own operations. */
async function aliceHistory(db: Executor) {
  const dep = (principal: string, token: Token, amount: bigint, tx: string) =>
    deposit(db, { principal, tier: 'balanced', token, amount, chainTxId: tx, chainEventIndex: 0 });
  await dep(alice, 'STX', 10_000_000n, '0xa1');
  await dep(alice, 'SBTC', 1_000_000n, '0xa2');
  await dep(alice, 'STX', 5n, '0xa3');
  await dep(bob, 'STX', 7_000_000n, '0xb1');
  const id = await providerId(db, alice);
  const bobId = await providerId(db, bob);
  const [p1, p2] = await insertTestPolicies(db, 2);
  await db.update(policies).set({ onchainId: '7' }).where(eq(policies.id, p1!));
  const part = (amount: bigint) => ({
    policyId: p1!,
    token: 'STX' as const,
    parts: [{ providerId: id, amount }],
  });
  await lockCollateral(db, part(3_000_000n));
  await lockCollateral(db, { policyId: p1!, token: 'STX', parts: [{ providerId: bobId, amount: 1_000n }] });
  await releaseCollateral(db, part(1_000_000n));
  await debitSettlement(db, part(500_000n));
  await accruePremium(db, part(40_000n));
  await earnPremium(db, part(40_000n));
  await claimPremiums(db, { principal: alice, token: 'STX', requestId: 'claim-1' });
  for (const [requestId, outcome] of [
    ['w-ok', 'confirmed'],
    ['w-fail', 'failed'],
  ] as const) {
    await requestWithdrawal(db, { principal: alice, token: 'STX', amount: 1_000n, requestId });
    await resolveWithdrawal(db, { requestId, outcome, chainTxId: '0xw1' });
  }
  await requestWithdrawal(db, { principal: alice, token: 'STX', amount: 2_000n, requestId: 'w-cancel' });
  const smallLock = await lockCollateral(db, {
    policyId: p2!,
    token: 'STX',
    parts: [{ providerId: id, amount: 100n }],
  });
  const [depositOf5] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.chainTxId, '0xa3'));
  const lockEntry = smallLock.entries[0]!;
  await applyEntries(db, [
    {
      providerId: id,
      token: 'STX',
      type: 'WITHDRAWAL_CANCEL',
      amount: 2_000n,
      delta: { pendingWithdrawal: -2_000n, available: 2_000n },
      idempotencyKey: 'cancel:w-cancel',
    },
    {
      providerId: id,
      token: 'STX',
      type: 'WITHDRAWAL_DEFICIT',
      amount: 9n,
      delta: {},
      chainTxId: '0xdef',
      idempotencyKey: 'withdraw:deficit',
    },
    {
      providerId: id,
      token: 'STX',
      type: 'DEPOSIT_REVERSAL',
      amount: 5n,
      delta: { available: -5n, totalDeposited: -5n },
      idempotencyKey: `reversal:${depositOf5!.idempotencyKey}`,
    },
    {
      providerId: id,
      token: 'STX',
      type: 'CHAIN_REVERSAL',
      amount: 100n,
      delta: { available: 100n, locked: -100n },
      policyId: p2,
      idempotencyKey: `reversal:${lockEntry.idempotencyKey}`,
    },
  ]);
  return { id, bobId, p1: p1!, p2: p2! };
}

async function allPages(
  db: Executor,
  principal: string,
  input: { kind?: TransactionKind; token?: Token; limit: number },
) {
  const seen: ProviderTransaction[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await listProviderTransactions(db, principal, { ...input, cursor });
    expect(page.items.length).toBeLessThanOrEqual(input.limit);
    seen.push(...page.items);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('pages never ended');
}

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`provider views on ${target.label}`, () => {
    let handle: DatabaseHandle;
    let fixture: Awaited<ReturnType<typeof aliceHistory>>;
    beforeAll(async () => {
      handle = await target.open();
      fixture = await aliceHistory(handle.db);
    });
    afterAll(() => handle?.close());

    it('says every entry type in words, with the policy, the signed capital change and the chain tx', async () => {
      const items = await allPages(handle.db, alice, { limit: 100 });
      const byType = new Map<LedgerEntryType, ProviderTransaction>(items.map((t) => [t.type, t]));
      const words = Object.fromEntries([...byType].map(([type, t]) => [type, t.description]));
      expect(words).toEqual({
        DEPOSIT: 'Deposit',
        DEPOSIT_REVERSAL: 'Deposit reversed: its block was rolled back',
        WITHDRAWAL_REQUEST: 'Withdrawal requested',
        WITHDRAWAL_CONFIRM: 'Withdrawal confirmed on chain',
        WITHDRAWAL_FAIL: 'Withdrawal failed: returned to available',
        WITHDRAWAL_CANCEL: 'Withdrawal cancelled: returned to available',
        WITHDRAWAL_DEFICIT: 'Withdrawal beyond the recorded balance (under review)',
        LOCK: expect.stringMatching(/^Locked for policy (#7|\d+ \(not yet on chain\))$/),
        RELEASE: 'Released from policy #7',
        SETTLEMENT_DEBIT: 'Settlement debit for policy #7',
        PREMIUM_PENDING: 'Premium pending from policy #7',
        PREMIUM_EARNED: 'Premium earned from policy #7',
        PREMIUM_CLAIM: 'Premiums claimed to available',
        CHAIN_REVERSAL: `Reversed (block rolled back): locked for policy ${fixture.p2} (not yet on chain)`,
      });
      expect(byType.get('CHAIN_REVERSAL')).toMatchObject({
        kind: 'reversal',
        reverses: 'LOCK',
        capitalChange: 0n,
      });
      expect(byType.get('SETTLEMENT_DEBIT')).toMatchObject({
        kind: 'settlement',
        amount: 500_000n,
        capitalChange: -500_000n,
        policy: { id: fixture.p1, onchainId: '7' },
        deltas: { locked: -500_000n, available: 0n },
      });
      expect(byType.get('PREMIUM_CLAIM')).toMatchObject({ capitalChange: 40_000n, premiumIncomeChange: 0n });
      expect(byType.get('PREMIUM_PENDING')).toMatchObject({
        capitalChange: 0n,
        premiumIncomeChange: 40_000n,
      });
      expect(byType.get('WITHDRAWAL_CONFIRM')).toMatchObject({ capitalChange: -1_000n, chainTxId: '0xw1' });
      expect(items.filter((t) => t.type === 'DEPOSIT').map((t) => t.capitalChange)).toEqual([
        5n,
        1_000_000n,
        10_000_000n,
      ]);
    });

    it('pages newest first, stable and complete, with nothing of another provider', async () => {
      const rows = await handle.db
        .select({ id: ledgerEntries.id })
        .from(ledgerEntries)
        .where(eq(ledgerEntries.providerId, fixture.id))
        .orderBy(desc(ledgerEntries.createdAt), desc(ledgerEntries.id));
      for (const limit of [1, 3, 7, 100]) {
        const items = await allPages(handle.db, alice, { limit });
        expect(items.map((t) => t.id)).toEqual(rows.map((r) => r.id));
      }
      const bobs = await allPages(handle.db, bob, { limit: 2 });
      expect(bobs.map((t) => t.type)).toEqual(['LOCK', 'DEPOSIT']);
      // A cursor pointing at alice's entry, replayed by bob, matches nothing of alice's.
      const page = await listProviderTransactions(handle.db, bob, {
        limit: 5,
        cursor: encodePageCursor('tx', rows[2]!.id),
      });
      expect(page).toEqual({ items: [], nextCursor: null });
    });

    it('keeps a page boundary when newer entries arrive between pages', async () => {
      const first = await listProviderTransactions(handle.db, alice, { limit: 4 });
      await deposit(handle.db, {
        principal: alice,
        tier: 'balanced',
        token: 'STX',
        amount: 11n,
        chainTxId: '0xnew',
        chainEventIndex: 0,
      });
      const rest = await allPages(handle.db, alice, { limit: 100 });
      const second = await listProviderTransactions(handle.db, alice, {
        limit: 100,
        cursor: first.nextCursor!,
      });
      expect([...first.items, ...second.items].map((t) => t.id)).toEqual(rest.slice(1).map((t) => t.id));
    });

    it('filters by kind and token, each page from its own index walk, complete', async () => {
      const everything = await allPages(handle.db, alice, { limit: 100 });
      for (const kind of Object.keys(KIND_TYPES) as TransactionKind[])
        for (const token of [undefined, 'STX', 'SBTC'] as const) {
          const filtered = await allPages(handle.db, alice, { kind, ...(token ? { token } : {}), limit: 2 });
          const expected = everything.filter((t) => t.kind === kind && (!token || t.token === token));
          expect(filtered.map((t) => t.id)).toEqual(expected.map((t) => t.id));
        }
      const sbtc = await allPages(handle.db, alice, { token: 'SBTC', limit: 1 });
      expect(sbtc.map((t) => [t.type, t.amount])).toEqual([['DEPOSIT', 1_000_000n]]);
    });

    it('refuses a cursor it did not issue, or one of another list, naming cursor', async () => {
      for (const cursor of [
        'x',
        'dHg6MA',
        encodePageCursor('alloc', 5),
        Buffer.from('tx:99999999999999999999').toString('base64url'),
        '!!',
      ])
        await expect(listProviderTransactions(handle.db, alice, { limit: 5, cursor })).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message: expect.stringMatching(/^cursor/),
        });
    });

    it('lists the policies a provider backs, with terms, premium share and health contribution', async () => {
      const { id, bobId, p1, p2 } = fixture;
      const more = await insertTestPolicies(handle.db, 5, 'SBTC');
      await handle.db.insert(policyAllocations).values([
        {
          policyId: p1,
          providerId: id,
          token: 'STX',
          amount: 1_500_000n,
          shareBps: 9_993,
          premiumAmount: 40_000n,
          status: 'SETTLED',
        },
        {
          policyId: p2,
          providerId: id,
          token: 'STX',
          amount: 100n,
          shareBps: 10_000,
          premiumAmount: 0n,
          status: 'LOCKED',
        },
        {
          policyId: p1,
          providerId: bobId,
          token: 'STX',
          amount: 1_000n,
          shareBps: 7,
          premiumAmount: 0n,
          status: 'LOCKED',
        },
        ...more.map((policyId, i) => ({
          policyId,
          providerId: id,
          token: 'SBTC' as const,
          amount: 1_000n * BigInt(i + 1),
          shareBps: 5_000,
          premiumAmount: 10n,
          status: i % 2 ? ('RELEASED' as const) : ('LOCKED' as const),
        })),
      ]);
      const pages = [];
      let cursor: string | undefined;
      do {
        const page = await listProviderAllocations(handle.db, alice, { limit: 2, cursor });
        pages.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const own = await handle.db
        .select()
        .from(policyAllocations)
        .where(eq(policyAllocations.providerId, id))
        .orderBy(desc(policyAllocations.id));
      expect(pages.map((a) => a.id)).toEqual(own.map((a) => a.id));
      const [terms] = await handle.db.select().from(policies).where(eq(policies.id, p2));
      expect(pages.find((a) => a.policy.id === p2)).toMatchObject({
        status: 'LOCKED',
        amount: 100n,
        premiumShare: 0n,
        requirementUsd: allocationRequirementUsd(100n, terms!),
        policy: { type: 'PUT', strikeUsd: terms!.strikeUsd, expirationHeight: 900_000, onchainId: null },
      });
      expect(pages.find((a) => a.policy.id === p1)).toMatchObject({
        status: 'SETTLED',
        requirementUsd: 0n,
        policy: { onchainId: '7' },
      });
      const lockedSbtc = await listProviderAllocations(handle.db, alice, {
        status: 'LOCKED',
        token: 'SBTC',
        limit: 100,
      });
      expect(lockedSbtc.items.map((a) => a.amount)).toEqual([5_000n, 3_000n, 1_000n]);
      // No BTC price yet: an sBTC-backed allocation's requirement is not guessed.
      expect(lockedSbtc.items.map((a) => a.requirementUsd)).toEqual([0n, 0n, 0n]);
      // With one, it is the sats it may pay valued at that price, as the health model counts it.
      const btc = 6_000_000_000_000n;
      await handle.db
        .insert(marketData)
        .values({ asset: 'BTC', priceUsd: btc, volatility: null, source: 'test', observedAt: new Date() });
      const priced = await listProviderAllocations(handle.db, alice, {
        status: 'LOCKED',
        token: 'SBTC',
        limit: 100,
      });
      for (const a of priced.items) {
        const [policy] = await handle.db.select().from(policies).where(eq(policies.id, a.policy.id));
        const sats = allocationRequirementSats(a.amount, policy!);
        expect(sats).toBeGreaterThan(0n);
        expect(a.requirementUsd).toBe(sbtcRequirementUsd(sats, btc));
      }
      const bobs = await listProviderAllocations(handle.db, bob, {
        limit: 100,
        cursor: encodePageCursor('alloc', 10 ** 9),
      });
      expect(bobs.items.map((a) => a.amount)).toEqual([1_000n]);
      // X2, the buyer's side: each policy names its tier and how many providers back it.
      const owned = await listOwnPolicies(handle.db, terms!.owner);
      expect(owned.find((p) => p.id === p1)).toMatchObject({ tier: 'balanced', backers: 2 });
      expect(owned.find((p) => p.id === more[0])).toMatchObject({ tier: 'balanced', backers: 1 });
      const released = await listProviderAllocations(handle.db, alice, { status: 'RELEASED', limit: 1 });
      expect(released.items).toHaveLength(1);
      expect(released.nextCursor).not.toBeNull();
    });

    it('computes the realized APY over time-weighted capital, as worked by hand', async () => {
      const t0 = new Date('2026-03-01T00:00:00Z').getTime();
      const dep = (amount: bigint, tx: string) =>
        deposit(handle.db, {
          principal: carol,
          tier: 'aggressive',
          token: 'STX',
          amount,
          chainTxId: tx,
          chainEventIndex: 0,
        });
      await dep(1_000_000n, '0xc1');
      await dep(1_000_000n, '0xc2');
      const id = await providerId(handle.db, carol);
      const [policyId] = await insertTestPolicies(handle.db, 1);
      const part = (amount: bigint) => ({
        policyId: policyId!,
        token: 'STX' as const,
        parts: [{ providerId: id, amount }],
      });
      await lockCollateral(handle.db, part(100_000n));
      await debitSettlement(handle.db, part(100_000n));
      await accruePremium(handle.db, part(10_000n));
      const entries = await handle.db
        .select()
        .from(ledgerEntries)
        .where(eq(ledgerEntries.providerId, id))
        .orderBy(ledgerEntries.id);
      const offsets = [0, 10, 15, 15, 15];
      for (const [i, e] of entries.entries())
        await handle.db
          .update(ledgerEntries)
          .set({ createdAt: new Date(t0 + offsets[i]! * DAY) })
          .where(eq(ledgerEntries.id, e.id));
      const now = new Date(t0 + 20 * DAY);
      // Capital: 1,000,000 for 10 days, 2,000,000 for 5, then 1,900,000 (after the settlement) for 5
      // = 29,500,000 unit-days, an average of 1,475,000 over 20 days. Income 10,000:
      // 10,000 × 365 ÷ 29,500,000 = 12.37% → 1237 bps; net of the 100,000 settled:
      // −90,000 × 365 ÷ 29,500,000 = −111.356% → −11136 bps (rounded down).
      const [stx] = await getProviderYieldStats(handle.db, carol, now);
      expect(stx).toEqual({
        token: 'STX',
        premiumToken: 'STX',
        pendingPremiums: 10_000n,
        earnedPremiums: 0n,
        claimedPremiums: 0n,
        totalEarned: 10_000n,
        settlementLoss: 100_000n,
        capital: 1_900_000n,
        averageCapital: 1_475_000n,
        apyBps: 1237,
        netApyBps: -11136,
        daysActive: 20,
        firstDepositAt: new Date(t0),
        lastActivityAt: new Date(t0 + 15 * DAY),
        deposits: 2,
        withdrawals: 0,
        activeAllocations: 0,
        activeExposure: 0n,
      });
      const history = await getProviderBalanceHistory(handle.db, carol, now);
      expect(history.bucketDays).toBe(1);
      const [series] = history.series;
      expect(series!.points).toHaveLength(21);
      const at = (day: number) => series!.points[day]!;
      expect(at(0)).toEqual({
        at: new Date(t0 + DAY),
        available: 1_000_000n,
        locked: 0n,
        pendingWithdrawal: 0n,
        premiumIncome: 0n,
      });
      expect(at(9).available).toBe(1_000_000n);
      expect(at(10).available).toBe(2_000_000n);
      expect(at(15)).toMatchObject({ available: 1_900_000n, locked: 0n, premiumIncome: 10_000n });
      expect(at(20)).toMatchObject({ at: now, available: 1_900_000n, premiumIncome: 10_000n });
    });

    it('counts deposits and withdrawals paid out, less the ones a re-org reversed', async () => {
      const dave = 'ST2NEB84ASENDXKYGJPQW86YXQCEFEX2ZQPG87ND';
      const ref = (tx: string): ChainEventRef => ({ txId: tx, eventIndex: 0, blockHash: '0xb1' });
      for (const tx of ['0xd1', '0xd2', '0xd3'])
        await deposit(handle.db, {
          principal: dave,
          tier: 'balanced',
          token: 'STX',
          amount: 1_000_000n,
          chainTxId: tx,
          chainEventIndex: 0,
          chainBlockHash: '0xb1',
        });
      const id = await providerId(handle.db, dave);
      const withdraw = (tx: string, deficit = 0n) =>
        confirmChainWithdrawal(handle.db, {
          providerId: id,
          token: 'STX',
          fromPending: 0n,
          fromAvailable: 100_000n,
          deficit,
          chainEvent: { ref: ref(tx), cycle: 1 },
        });
      await withdraw('0xe1');
      await withdraw('0xe2', 5n); // with a deficit part: still one withdrawal
      await withdraw('0xe3');
      // A re-org takes back one deposit and one withdrawal.
      await reverseChainEvent(handle.db, ref('0xd3'));
      await reverseChainEvent(handle.db, ref('0xe3'));
      const [stx] = await getProviderYieldStats(handle.db, dave, new Date());
      expect(stx).toMatchObject({ deposits: 2, withdrawals: 2, capital: 1_800_000n });
    });

    it('counts live allocations and their exposure, and bounds a long history to the max points', async () => {
      const stats = await getProviderYieldStats(handle.db, alice, new Date(Date.now() + 1_000));
      const sbtc = stats.find((s) => s.token === 'SBTC')!;
      expect(sbtc).toMatchObject({
        activeAllocations: 3,
        activeExposure: 9_000n,
        totalEarned: 0n,
        apyBps: 0,
      });
      const stx = stats.find((s) => s.token === 'STX')!;
      expect(stx).toMatchObject({
        activeAllocations: 1,
        activeExposure: 100n,
        totalEarned: 40_000n,
        claimedPremiums: 40_000n,
      });
      const [first] = await handle.db
        .select()
        .from(ledgerEntries)
        .where(and(eq(ledgerEntries.providerId, fixture.id), eq(ledgerEntries.chainTxId, '0xa1')));
      await handle.db
        .update(ledgerEntries)
        .set({ createdAt: new Date(Date.now() - 1_000 * DAY) })
        .where(eq(ledgerEntries.id, first!.id));
      const history = await getProviderBalanceHistory(handle.db, alice, new Date());
      expect(history.bucketDays).toBe(9);
      for (const s of history.series) expect(s.points.length).toBeLessThanOrEqual(120);
      const last = history.series.find((s) => s.token === 'STX')!.points.at(-1)!;
      const current = stats.find((s) => s.token === 'STX')!;
      expect(last.available + last.locked + last.pendingWithdrawal).toBe(current.capital);
      expect(last.premiumIncome).toBe(current.totalEarned);
    });
  });
}
