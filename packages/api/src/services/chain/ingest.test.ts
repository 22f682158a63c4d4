import { createHash } from 'node:crypto';
import { chainhooksV2Payload } from '@bithedge/contracts/simnet';
import {
  adminAlerts,
  chainBlocks,
  chainEvents,
  type DatabaseHandle,
  ledgerEntries,
  policies,
  policyAllocations,
  providerBalances,
  providerPremiumDistributions,
  providers,
  seedTiers,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { Cl, type ClarityValue, getAddressFromPrivateKey } from '@stacks/transactions';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccount } from '../../devnet-accounts';
import { isAppError } from '../../errors';
import { chainhookDelivery, vaultBlock, vaultEvent, WATCHED_CONTRACTS } from '../../test/chainhook';
import { verifyLedger } from '../ledger';
import { getPoolMetrics, ingestChainhookDelivery, parseChainhookDelivery } from './ingest';

const alice = devnetAccount('wallet_1').address;
const bob = devnetAccount('wallet_2').address;
const buyer = devnetAccount('wallet_3').address;

const deposit = (provider: string, amount: bigint) =>
  vaultEvent({
    event: Cl.stringAscii('deposit'),
    provider: Cl.principal(provider),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
    tier: Cl.stringAscii('balanced'),
  });
const lock = (policy: bigint, amount: bigint) =>
  vaultEvent({
    event: Cl.stringAscii('lock'),
    'policy-id': Cl.uint(policy),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
  });
const premium = (policy: bigint, amount: bigint) =>
  vaultEvent({
    event: Cl.stringAscii('premium'),
    'policy-id': Cl.uint(policy),
    buyer: Cl.principal(buyer),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
  });
const settlement = (policy: bigint, amount: bigint) =>
  vaultEvent({
    event: Cl.stringAscii('settlement'),
    'policy-id': Cl.uint(policy),
    buyer: Cl.principal(buyer),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
  });

const policyCreated = (policy: bigint, premiumAmount: bigint) =>
  vaultEvent({
    event: Cl.stringAscii('policy-created'),
    'policy-id': Cl.uint(policy),
    buyer: Cl.principal(buyer),
    'quote-id': Cl.bufferFromHex(`0000000000004000800000000000000${policy}`),
    'policy-type': Cl.stringAscii('PUT'),
    'strike-usd': Cl.uint(5_400_000_000_000n),
    'amount-sats': Cl.uint(10_000_000n),
    'protected-value': Cl.uint(3_000_000_000n),
    token: Cl.stringAscii('STX'),
    premium: Cl.uint(premiumAmount),
    // What the vault locked in the purchase: 3,000 STX at the balanced tier's 125%.
    collateral: Cl.uint(3_750_000_000n),
    'expiration-height': Cl.uint(1_000),
  });
const policyExpired = (policy: bigint) =>
  vaultEvent({
    event: Cl.stringAscii('policy-expired'),
    'policy-id': Cl.uint(policy),
    buyer: Cl.principal(buyer),
  });
const policyExercised = (policy: bigint, amount: bigint) =>
  vaultEvent({
    event: Cl.stringAscii('policy-exercised'),
    'policy-id': Cl.uint(policy),
    buyer: Cl.principal(buyer),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
  });
const withdraw = (provider: string, amount: bigint) =>
  vaultEvent({
    event: Cl.stringAscii('withdraw'),
    provider: Cl.principal(provider),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
  });

const b1 = vaultBlock(1, 'main', [[deposit(alice, 100_000_000n)], [deposit(bob, 50_000_000n)]]);
const b2 = vaultBlock(2, 'main', [[premium(1n, 5_000_000n)], [lock(1n, 30_000_000n)]]);
const b3 = vaultBlock(3, 'main', [[settlement(1n, 10_000_000n)]]);
const b2fork = vaultBlock(2, 'fork', [[deposit(alice, 999_000_000n)]]);

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`chain ingestion on ${target.label}`, () => {
    let clean: DatabaseHandle;
    let messy: DatabaseHandle;
    beforeAll(async () => {
      clean = await target.open();
      messy = await target.open();
      await seedTiers(clean.db);
      await seedTiers(messy.db);
    });

    /** Every provider's balances, by principal and token. */
    const balances = async (handle: DatabaseHandle) =>
      (
        await handle.db
          .select({
            principal: providers.principal,
            token: providerBalances.token,
            available: providerBalances.available,
            deposited: providerBalances.totalDeposited,
          })
          .from(providerBalances)
          .innerJoin(providers, eq(providers.id, providerBalances.providerId))
      ).sort((a, b) => `${a.principal}${a.token}`.localeCompare(`${b.principal}${b.token}`));
    afterAll(async () => {
      await clean?.close();
      await messy?.close();
    });

    it('mirrors the vault totals of a clean history', async () => {
      await ingestChainhookDelivery(clean.db, chainhookDelivery([b1, b2, b3]));
      const stx = (await getPoolMetrics(clean.db)).find((m) => m.token === 'STX');
      expect(stx).toEqual({
        token: 'STX',
        vaultBalance: 100_000_000n + 50_000_000n + 5_000_000n - 10_000_000n,
        totalLocked: 30_000_000n - 10_000_000n,
        lastBlockHeight: 3,
      });
    });

    it('ends in the same state after duplicates, out-of-order delivery, a re-org and garbage', async () => {
      const first = await ingestChainhookDelivery(messy.db, chainhookDelivery([b1, b2fork]));
      expect(first).toMatchObject({ newEvents: 3, duplicateEvents: 0 });
      // The same delivery again: nothing changes.
      const again = await ingestChainhookDelivery(messy.db, chainhookDelivery([b1, b2fork]));
      expect(again).toMatchObject({ newEvents: 0, duplicateEvents: 3 });
      // Garbage: refused whole, nothing written.
      const before = await messy.db.$count(chainEvents);
      for (const garbage of [
        { apply: 'nope', rollback: [] },
        { apply: [{ ...b3, block_identifier: { index: 3 } }], rollback: [] },
        {
          apply: [
            vaultBlock(3, 'main', [[vaultEvent({ event: Cl.stringAscii('mint'), amount: Cl.uint(1) })]]),
          ],
          rollback: [],
        },
      ]) {
        const error = (() => {
          try {
            parseChainhookDelivery(garbage, WATCHED_CONTRACTS);
          } catch (e) {
            return e;
          }
        })();
        expect(isAppError(error) && error.code, JSON.stringify(garbage).slice(0, 60)).toBe('BAD_REQUEST');
      }
      expect(await messy.db.$count(chainEvents)).toBe(before);
      // A later block arrives before the re-org is resolved…
      await ingestChainhookDelivery(messy.db, chainhookDelivery([b3]));
      // …then the fork's block 2 is rolled back and the canonical one applied, twice over.
      const reorg = await ingestChainhookDelivery(messy.db, chainhookDelivery([b2], [b2fork]));
      expect(reorg).toMatchObject({ rolledBackEvents: 1, newEvents: 2 });
      await ingestChainhookDelivery(messy.db, chainhookDelivery([b2], [b2fork]));
      // A flip-flop: the fork comes back, then goes away again.
      await ingestChainhookDelivery(messy.db, chainhookDelivery([b2fork], [b2]));
      await ingestChainhookDelivery(messy.db, chainhookDelivery([b2], [b2fork]));

      expect(await getPoolMetrics(messy.db)).toEqual(await getPoolMetrics(clean.db));
      // The provider ledger followed too: the fork's 999 STX deposit was recorded and reversed
      // (twice), and every balance equals the clean history's.
      expect(await balances(messy)).toEqual(await balances(clean));
      expect((await balances(clean)).map((b) => [b.principal, b.available])).toEqual(
        [
          [alice, 100_000_000n],
          [bob, 50_000_000n],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      expect(await verifyLedger(messy.db)).toEqual([]);
    });
  });
}

/*
 * A policy's whole life through ingestion: deposits, a purchase (allocation and lock), a withdrawal,
 * and its expiry; the messy history arrives in the hosted Chainhooks 2.0 shape, with duplicates,
 * a re-org that first exercised the policy in a fork, and a purchase block rolled back and
 * re-applied. Its end state must equal the clean history's, row for row.
 */
const p1 = vaultBlock(1, 'life', [[deposit(alice, 20_000_000_000n)], [deposit(bob, 10_000_000_000n)]]);
const p2 = vaultBlock(2, 'life', [
  [premium(1n, 150_000_000n), policyCreated(1n, 150_000_000n)],
  [lock(1n, 3_750_000_000n)],
]);
const p3 = vaultBlock(3, 'life', [[withdraw(alice, 1_000_000_000n)]]);
const p4 = vaultBlock(4, 'life', [[policyExpired(1n)]]);
const p4fork = vaultBlock(4, 'life-fork', [
  [policyExercised(1n, 1_100_000_000n), settlement(1n, 1_100_000_000n)],
]);
const v2 = (apply: unknown[], rollback: unknown[] = []) =>
  parseChainhookDelivery(chainhooksV2Payload(apply as never, rollback as never), WATCHED_CONTRACTS);

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(
    `policy events through ingestion on ${target.label}`,
    () => {
      let clean: DatabaseHandle;
      let messy: DatabaseHandle;
      beforeAll(async () => {
        clean = await target.open();
        messy = await target.open();
        await seedTiers(clean.db);
        await seedTiers(messy.db);
      });
      afterAll(async () => {
        await clean?.close();
        await messy?.close();
      });

      const state = async (handle: DatabaseHandle) => ({
        balances: (
          await handle.db
            .select({ principal: providers.principal, balance: providerBalances })
            .from(providerBalances)
            .innerJoin(providers, eq(providers.id, providerBalances.providerId))
        )
          .map(({ principal, balance: { createdAt: _c, updatedAt: _u, providerId: _p, ...b } }) => ({
            principal,
            ...b,
          }))
          .sort((a, b) => a.principal.localeCompare(b.principal)),
        policies: (await handle.db.select().from(policies)).map((p) => ({
          onchainId: p.onchainId,
          status: p.status,
          collateral: p.collateralAmount,
          settlement: p.settlementAmount,
        })),
        allocations: (await handle.db.select().from(policyAllocations))
          .map((a) => ({ status: a.status, amount: a.amount, premium: a.premiumAmount }))
          .sort((a, b) => Number(a.amount - b.amount)),
        premiums: (await handle.db.select().from(providerPremiumDistributions))
          .map((d) => d.amount)
          .sort((a, b) => Number(a - b)),
      });

      it('a policy expires, its collateral is released and its premium is pending', async () => {
        await ingestChainhookDelivery(clean.db, chainhookDelivery([p1, p2, p3, p4]));
        const end = await state(clean);
        expect(end.policies).toEqual([
          { onchainId: '1', status: 'EXPIRED', collateral: 3_750_000_000n, settlement: 0n },
        ]);
        expect(end.allocations).toEqual([
          { status: 'RELEASED', amount: 1_250_000_000n, premium: 50_000_000n },
          { status: 'RELEASED', amount: 2_500_000_000n, premium: 100_000_000n },
        ]);
        expect(end.premiums).toEqual([50_000_000n, 100_000_000n]);
        expect(end.balances.map((b) => [b.available, b.locked, b.pendingPremiums, b.totalWithdrawn])).toEqual(
          [
            [alice, [19_000_000_000n, 0n, 100_000_000n, 1_000_000_000n]],
            [bob, [10_000_000_000n, 0n, 50_000_000n, 0n]],
          ]
            .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
            .map(([, v]) => v),
        );
        expect(await verifyLedger(clean.db)).toEqual([]);
      });

      it('ends in the same state after duplicates, a re-org of the settlement and a re-applied purchase (2.0 shape)', async () => {
        await ingestChainhookDelivery(messy.db, v2([p1, p2]));
        await ingestChainhookDelivery(messy.db, v2([p1, p2])); // duplicate
        // The purchase block is rolled back (the policy is cancelled, its collateral unlocked)…
        await ingestChainhookDelivery(messy.db, v2([], [p2]));
        expect((await state(messy)).policies[0]?.status).toBe('CANCELLED');
        expect((await state(messy)).balances.every((b) => b.locked === 0n)).toBe(true);
        // …and comes back; the withdrawal and a fork where the policy was exercised follow.
        await ingestChainhookDelivery(messy.db, v2([p2, p3, p4fork]));
        expect((await state(messy)).policies[0]).toMatchObject({
          status: 'EXERCISED',
          settlement: 1_100_000_000n,
        });
        // The fork loses: its settlement is undone and the canonical expiry applied, twice over.
        await ingestChainhookDelivery(messy.db, v2([p4], [p4fork]));
        await ingestChainhookDelivery(messy.db, v2([p4], [p4fork]));
        expect(await state(messy)).toEqual(await state(clean));
        expect(await verifyLedger(messy.db)).toEqual([]);
      });

      it('applies a history once when the same deliveries race each other', async () => {
        const racing = await target.open();
        const reference = await target.open();
        try {
          await seedTiers(racing.db);
          await seedTiers(reference.db);
          await ingestChainhookDelivery(reference.db, chainhookDelivery([p1, p2, p3, p4]));
          // Chainhook retries a slow delivery while the first is still running: the copies run
          // concurrently (on PostgreSQL, on separate connections) and each event applies once.
          for (const blocks of [[p1], [p2], [p3, p4]]) {
            const results = await Promise.all(
              Array.from({ length: 4 }, () => ingestChainhookDelivery(racing.db, chainhookDelivery(blocks))),
            );
            const events = results[0]!.newEvents + results[0]!.duplicateEvents;
            expect(results.reduce((n, r) => n + r.newEvents, 0)).toBe(events);
          }
          expect(await state(racing)).toEqual(await state(reference));
          expect(await verifyLedger(racing.db)).toEqual([]);
        } finally {
          await racing.close();
          await reference.close();
        }
      });
    },
  );
}

describe('provider tier follows the latest deposit on chain', () => {
  it('moves the provider on a deposit under another tier, and back when that block is rolled back', async () => {
    const { openDatabase } = await import('@bithedge/db');
    const handle = await openDatabase({ dataDir: 'memory://' });
    try {
      await seedTiers(handle.db);
      const tierOf = async () =>
        (await handle.db.select().from(providers).where(eq(providers.principal, alice)))[0]?.tier;
      const aggressive = vaultEvent({
        event: Cl.stringAscii('deposit'),
        provider: Cl.principal(alice),
        token: Cl.stringAscii('STX'),
        amount: Cl.uint(1_000_000n),
        tier: Cl.stringAscii('aggressive'),
      });
      const t1 = vaultBlock(1, 'tier', [[deposit(alice, 5_000_000n)]]);
      const t2 = vaultBlock(2, 'tier', [[aggressive]]);
      await ingestChainhookDelivery(handle.db, chainhookDelivery([t1]));
      expect(await tierOf()).toBe('balanced');
      await ingestChainhookDelivery(handle.db, chainhookDelivery([t2]));
      expect(await tierOf()).toBe('aggressive');
      await ingestChainhookDelivery(handle.db, chainhookDelivery([], [t2]));
      expect(await tierOf()).toBe('balanced');
    } finally {
      await handle.close();
    }
  });
});

describe('tier-cap events', () => {
  it('are stored as applied and move no money', async () => {
    const { openDatabase } = await import('@bithedge/db');
    const handle = await openDatabase({ dataDir: 'memory://' });
    try {
      await seedTiers(handle.db);
      const cap = (previous: ClarityValue, value: ClarityValue) =>
        vaultEvent({
          event: Cl.stringAscii('tier-cap'),
          tier: Cl.stringAscii('balanced'),
          token: Cl.stringAscii('STX'),
          previous,
          cap: value,
        });
      const capped = vaultBlock(1, 'cap', [
        [cap(Cl.none(), Cl.some(Cl.uint(5_000_000n)))],
        [cap(Cl.some(Cl.uint(5_000_000n)), Cl.none())],
      ]);
      await ingestChainhookDelivery(handle.db, chainhookDelivery([capped]));
      const stored = await handle.db.select().from(chainEvents);
      expect(stored.map((e) => [e.eventType, e.status])).toEqual([
        ['tier-cap', 'APPLIED'],
        ['tier-cap', 'APPLIED'],
      ]);
      expect(await handle.db.$count(ledgerEntries)).toBe(0);
      const metrics = await getPoolMetrics(handle.db);
      expect(metrics.every((m) => m.vaultBalance === 0n && m.totalLocked === 0n)).toBe(true);
    } finally {
      await handle.close();
    }
  });
});

describe('canonical chain, out-of-range values and delivery identity', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    const { openDatabase } = await import('@bithedge/db');
    handle = await openDatabase({ dataDir: 'memory://' });
    await seedTiers(handle.db);
  });
  afterAll(() => handle?.close());

  /** What a refused delivery must leave untouched. */
  const written = async () => ({
    events: await handle.db.$count(chainEvents),
    blocks: await handle.db.$count(chainBlocks),
    entries: await handle.db.$count(ledgerEntries),
  });
  const refusal = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      return isAppError(error) ? error.code : String(error);
    }
    return 'accepted';
  };
  const withParent = <B extends object>(b: B, parentHash: string) => ({
    ...b,
    parent_block_identifier: { index: 0, hash: parentHash },
  });

  const c1 = vaultBlock(101, 'canon', [[deposit(alice, 7_000_000n)]]);
  const c2 = withParent(vaultBlock(102, 'canon', [[deposit(bob, 3_000_000n)]]), c1.block_identifier.hash);
  const c2fork = withParent(
    vaultBlock(102, 'canon-fork', [[deposit(bob, 900_000_000n)]]),
    c1.block_identifier.hash,
  );

  it('S1: refuses a second, different applied block at a height (409, nothing written) until the first is rolled back', async () => {
    await ingestChainhookDelivery(handle.db, chainhookDelivery([c1, c2]));
    const before = await written();
    expect(await refusal(() => ingestChainhookDelivery(handle.db, chainhookDelivery([c2fork])))).toBe(
      'INVALID_STATE',
    );
    expect(await written()).toEqual(before);
    // With the first rolled back in the same delivery, the fork applies.
    const reorg = await ingestChainhookDelivery(handle.db, chainhookDelivery([c2fork], [c2]));
    expect(reorg).toMatchObject({ rolledBackEvents: 1, newEvents: 1 });
    expect(await verifyLedger(handle.db)).toEqual([]);
  });

  it('S1: a stale re-delivered rollback of a block that is not the applied one at its height is a no-op', async () => {
    const before = await written();
    const stale = await ingestChainhookDelivery(handle.db, chainhookDelivery([], [c2]));
    expect(stale).toMatchObject({ rolledBackBlocks: 0, rolledBackEvents: 0 });
    expect(await written()).toEqual(before);
    // The fork's deposit is still there.
    const [bobBalance] = await handle.db
      .select({ available: providerBalances.available })
      .from(providerBalances)
      .innerJoin(providers, eq(providers.id, providerBalances.providerId))
      .where(eq(providers.principal, bob));
    expect(bobBalance?.available).toBe(900_000_000n);
  });

  it('S1: refuses a block whose parent is not the applied block below it (409, nothing written)', async () => {
    const orphan = withParent(vaultBlock(103, 'canon', [[deposit(alice, 1n)]]), c2.block_identifier.hash);
    const before = await written();
    expect(await refusal(() => ingestChainhookDelivery(handle.db, chainhookDelivery([orphan])))).toBe(
      'INVALID_STATE',
    );
    expect(await written()).toEqual(before);
    const child = withParent(vaultBlock(103, 'canon', [[deposit(alice, 1n)]]), c2fork.block_identifier.hash);
    expect(await ingestChainhookDelivery(handle.db, chainhookDelivery([child]))).toMatchObject({
      newEvents: 1,
    });
  });

  it('L3: an amount beyond int64 or an expiration height beyond int32 is quarantined with an alert, not applied', async () => {
    const huge = vaultBlock(104, 'canon', [
      [deposit(alice, 2n ** 128n - 1n)],
      [
        vaultEvent({
          event: Cl.stringAscii('policy-created'),
          'policy-id': Cl.uint(77),
          buyer: Cl.principal(buyer),
          'quote-id': Cl.bufferFromHex('00000000000040008000000000000077'),
          'policy-type': Cl.stringAscii('PUT'),
          'strike-usd': Cl.uint(5_400_000_000_000n),
          'amount-sats': Cl.uint(10_000_000n),
          'protected-value': Cl.uint(3_000_000n),
          token: Cl.stringAscii('STX'),
          premium: Cl.uint(1_000n),
          collateral: Cl.uint(3_750_000n),
          'expiration-height': Cl.uint(2n ** 31n),
        }),
      ],
    ]);
    const entries = await handle.db.$count(ledgerEntries);
    const result = await ingestChainhookDelivery(handle.db, chainhookDelivery([huge]));
    expect(result).toMatchObject({ quarantinedEvents: 2, newEvents: 0 });
    expect(await handle.db.$count(ledgerEntries)).toBe(entries);
    expect(await handle.db.$count(policies)).toBe(0);
    const stored = await handle.db
      .select()
      .from(chainEvents)
      .where(eq(chainEvents.blockHash, huge.block_identifier.hash));
    expect(stored.map((e) => e.status)).toEqual(['QUARANTINED', 'QUARANTINED']);
    const alerts = await handle.db
      .select()
      .from(adminAlerts)
      .where(eq(adminAlerts.kind, 'event-quarantined'));
    expect(alerts.map((a) => a.message)).toEqual([
      expect.stringMatching(/amount 340282366920938463463374607431768211455 exceeds/),
      expect.stringMatching(/expiration-height 2147483648 exceeds/),
    ]);
    // A redelivery stores and alerts nothing more.
    expect(await ingestChainhookDelivery(handle.db, chainhookDelivery([huge]))).toMatchObject({
      quarantinedEvents: 0,
      duplicateEvents: 2,
    });
    expect(await handle.db.$count(adminAlerts)).toBe(2);
    expect(await verifyLedger(handle.db)).toEqual([]);
  });

  it('M7: refuses a delivery from another network or another chainhook than the configured one', () => {
    const body = chainhooksV2Payload([c1] as never);
    const code = (expected: { network?: string; chainhookUuid?: string }) => {
      try {
        parseChainhookDelivery(body, WATCHED_CONTRACTS, expected);
        return 'accepted';
      } catch (error) {
        return isAppError(error) ? error.code : String(error);
      }
    };
    expect(code({ network: 'mainnet' })).toBe('BAD_REQUEST');
    expect(code({ chainhookUuid: 'another-uuid' })).toBe('BAD_REQUEST');
    expect(code({ network: 'testnet', chainhookUuid: body.chainhook.uuid })).toBe('accepted');
    expect(code({})).toBe('accepted');
  });
});

const pgTarget = (await testDatabaseTargets()).find((t) => t.driver === 'postgres');
describe.skipIf(!pgTarget || pgTarget.skipReason !== undefined)(
  'canonical chain under racing deliveries',
  () => {
    it('S1: different blocks racing for one height: exactly one applies, the others are refused (409), never a 500', async () => {
      const handle = await pgTarget!.open();
      try {
        await seedTiers(handle.db);
        const r1 = vaultBlock(201, 'race', [[deposit(alice, 1_000n)]]);
        await ingestChainhookDelivery(handle.db, chainhookDelivery([r1]));
        const rivals = Array.from({ length: 6 }, (_, i) =>
          vaultBlock(202, `race-${i}`, [[deposit(bob, 10n + BigInt(i))]]),
        );
        const outcomes = await Promise.allSettled(
          rivals.map((b) => ingestChainhookDelivery(handle.db, chainhookDelivery([b]))),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes.filter((o) => o.status === 'rejected'))
          expect(
            isAppError((o as PromiseRejectedResult).reason) && (o as PromiseRejectedResult).reason.code,
          ).toBe('INVALID_STATE');
        expect(await handle.db.$count(chainEvents)).toBe(2);
        expect(await verifyLedger(handle.db)).toEqual([]);
      } finally {
        await handle.close();
      }
    });

    it('blocks depositing for the same new providers in opposite orders, all at once, all apply once', async () => {
      // Each block's transaction inserts its providers in its events' order: run side by side,
      // two of these deadlock on the providers' key. Blocks are applied one at a time instead.
      const people = Array.from({ length: 6 }, (_, i) =>
        getAddressFromPrivateKey(
          createHash('sha256').update(`racing provider ${i}`).digest('hex'),
          'testnet',
        ),
      );
      const handle = await pgTarget!.open();
      try {
        await seedTiers(handle.db);
        const racing = Array.from({ length: 24 }, (_, i) => {
          // Three pairs of providers, each pair deposited for in one order, then the other.
          const [x, y] = [people[i % 3] as string, people[(i % 3) + 3] as string];
          const pair = Math.floor(i / 3) % 2 === 0 ? [x, y] : [y, x];
          return vaultBlock(301 + i, 'opposite', [pair.map((p) => deposit(p, 1_000n + BigInt(i)))]);
        });
        const results = await Promise.all(
          racing.map((b) => ingestChainhookDelivery(handle.db, chainhookDelivery([b]))),
        );
        expect(results.reduce((n, r) => n + r.newEvents, 0)).toBe(48);
        expect(await handle.db.$count(chainEvents)).toBe(48);
        expect(await handle.db.$count(providers)).toBe(6);
        expect(await verifyLedger(handle.db)).toEqual([]);
      } finally {
        await handle.close();
      }
    });
  },
);
