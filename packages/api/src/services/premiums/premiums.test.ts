/**
 * Premium shares end to end through ingestion, on both databases: weighted by tier when a policy
 * settles, due by Bitcoin block, claimed across tokens in one request, and the backers of an
 * exercised policy notified of their debit once (and not after a re-org undid it).
 */
import { contractIds, watchedContracts } from '@bithedge/contracts';
import { printBlock } from '@bithedge/contracts/simnet';
import {
  type DatabaseHandle,
  notifications,
  policies,
  policyAllocations,
  providerPremiumDistributions,
  providers,
  seedTiers,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { Cl, type ClarityValue } from '@stacks/transactions';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccount } from '../../devnet-accounts';
import { insertTestPolicies } from '../../test/policies';
import { ingestChainhookDelivery, parseChainhookDelivery } from '../chain';
import { accruePremium, earnPremium, verifyLedger } from '../ledger';
import { distributeDuePremiums, PREMIUM_DISTRIBUTION_DELAY_BLOCKS } from '../policies';
import { claimProviderPremiums, listProviderPremiums } from '.';

const ids = contractIds('devnet');
const CONTRACTS = watchedContracts(ids);
const alice = devnetAccount('wallet_1').address; // balanced
const bob = devnetAccount('wallet_2').address; // aggressive
const buyer = devnetAccount('wallet_3').address;
const STX = 1_000_000n;
const EXPIRY = 1_000;
/** The burn height the operator sent the settlement at: the delay counts from it. */
const SETTLED_AT = EXPIRY + 10;
const DUE = SETTLED_AT + PREMIUM_DISTRIBUTION_DELAY_BLOCKS;
const NOW = new Date('2026-12-01T12:00:00Z');

const ev = (fields: Record<string, ClarityValue>) => Cl.tuple(fields);
const deposit = (provider: string, tier: string) =>
  ev({
    event: Cl.stringAscii('deposit'),
    provider: Cl.principal(provider),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(1_000n * STX),
    tier: Cl.stringAscii(tier),
  });
const sbtcDeposit = (provider: string) =>
  ev({
    event: Cl.stringAscii('deposit'),
    provider: Cl.principal(provider),
    token: Cl.stringAscii('SBTC'),
    'token-contract': Cl.principal(ids.sbtc),
    amount: Cl.uint(100_000_000n),
    tier: Cl.stringAscii('balanced'),
  });
const policyCreated = (policy: bigint) =>
  ev({
    event: Cl.stringAscii('policy-created'),
    'policy-id': Cl.uint(policy),
    buyer: Cl.principal(buyer),
    'quote-id': Cl.bufferFromHex(`0000000000004000800000000000000${policy}`),
    'policy-type': Cl.stringAscii('PUT'),
    'strike-usd': Cl.uint(5_400_000_000_000n),
    'amount-sats': Cl.uint(10_000_000n),
    'protected-value': Cl.uint(800n * STX),
    token: Cl.stringAscii('STX'),
    premium: Cl.uint(100n * STX),
    collateral: Cl.uint(1_000n * STX),
    'expiration-height': Cl.uint(EXPIRY),
  });
const policyExercised = (policy: bigint, amount: bigint) =>
  ev({
    event: Cl.stringAscii('policy-exercised'),
    'policy-id': Cl.uint(policy),
    buyer: Cl.principal(buyer),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
  });
const block = (height: number, txs: ClarityValue[][]) => printBlock(ids.vault, height, 'premiums', txs);
const b1 = block(1, [[deposit(alice, 'balanced')], [deposit(bob, 'aggressive')], [sbtcDeposit(alice)]]);
const b2 = block(2, [[policyCreated(1n)]]);
const b3 = block(3, [[policyExercised(1n, 200n * STX)]]);
const ingest = (handle: DatabaseHandle, apply: unknown[], rollback: unknown[] = []) =>
  ingestChainhookDelivery(handle.db, parseChainhookDelivery({ apply, rollback }, CONTRACTS));

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`premium shares on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await seedTiers(handle.db);
      await ingest(handle, [b1, b2]);
    });
    afterAll(() => handle?.close());
    const at = (burnHeight: number | null) => ({ burnHeight, now: NOW });
    const list = (principal: string, burnHeight: number | null = EXPIRY) =>
      listProviderPremiums(handle.db, principal, { limit: 10 }, at(burnHeight));

    it('weights each backer’s share by its tier’s multiplier, the shares summing to the premium', async () => {
      const rows = await handle.db
        .select({
          principal: providers.principal,
          amount: policyAllocations.amount,
          premium: policyAllocations.premiumAmount,
        })
        .from(policyAllocations)
        .innerJoin(providers, eq(providers.id, policyAllocations.providerId))
        .orderBy(policyAllocations.providerId);
      // Balanced Alice takes her 70% exposure cap (700 STX), aggressive Bob the other 300 STX.
      // 700×1 : 300×1.25 of 100 STX → 65.116279… and 34.883720…; the left-over µSTX goes to the
      // larger remainder (Bob's). Pro rata alone would have paid 70 and 30.
      expect(rows).toEqual([
        { principal: alice, amount: 700n * STX, premium: 65_116_279n },
        { principal: bob, amount: 300n * STX, premium: 34_883_721n },
      ]);
      expect(rows[0]!.premium * 300n).toBeLessThan(rows[1]!.premium * 700n);
    });

    it('X4: notifies each backer of an exercised policy once, with the policy, price and debit', async () => {
      await handle.db
        .update(policies)
        .set({ settlementBtcUsd: 50_000n * 100_000_000n, settlementBurnHeight: SETTLED_AT })
        .where(eq(policies.onchainId, '1'));
      await ingest(handle, [b3]);
      // A redelivery of the block changes nothing.
      await ingest(handle, [b3]);
      const notices = await handle.db.select().from(notifications).orderBy(notifications.id);
      expect(notices.map((n) => [n.principal, n.kind])).toEqual([
        [alice, 'SETTLEMENT_DEBIT'],
        [bob, 'SETTLEMENT_DEBIT'],
      ]);
      // 200 STX paid out, debited 700:300.
      expect(notices[0]!.title).toBe('Policy #1 was exercised: 140 STX of your collateral paid out');
      expect(notices[1]!.body).toContain('settled at BTC $50000');
      expect(notices[1]!.body).toContain('60 STX of the collateral');
      expect(await verifyLedger(handle.db)).toEqual([]);
    });

    it('lists pending shares with their policy and unlock block; nothing is due before it', async () => {
      const due = DUE;
      const view = await list(alice, due - 6);
      expect(view.totals).toEqual([
        {
          token: 'STX',
          pendingCount: 1,
          pending: 65_116_279n,
          earnedCount: 0,
          earned: 0n,
          claimed: 0n,
          nextUnlockHeight: due,
        },
        expect.objectContaining({ token: 'SBTC', pendingCount: 0, pending: 0n, nextUnlockHeight: null }),
      ]);
      expect(view.pending).toEqual([
        expect.objectContaining({
          amount: 65_116_279n,
          dueBurnHeight: due,
          blocksLeft: 6,
          estimatedDueAt: new Date(NOW.getTime() + 6 * 600_000),
          policy: expect.objectContaining({ onchainId: '1', type: 'PUT', strikeUsd: 5_400_000_000_000n }),
        }),
      ]);
      expect((await list(alice, null)).pending[0]).toMatchObject({ blocksLeft: null, estimatedDueAt: null });
      expect(await distributeDuePremiums(handle.db, { burnHeight: due - 1, now: NOW })).toMatchObject({
        distributed: 0,
      });
      // Early claim is refused, saying when the share unlocks.
      await expect(
        claimProviderPremiums(handle.db, { principal: alice, requestId: 'early' }, at(due - 6)),
      ).rejects.toThrow(
        `cannot be claimed early; the first unlocks at Bitcoin block ${due} (6 blocks from now`,
      );
    });

    it('claims every token at once, naming the policies, idempotent per request', async () => {
      const due = DUE;
      expect(await distributeDuePremiums(handle.db, { burnHeight: due, now: NOW })).toMatchObject({
        distributed: 2,
      });
      expect(await distributeDuePremiums(handle.db, { burnHeight: due + 10, now: NOW })).toMatchObject({
        distributed: 0,
      });
      // Alice has sBTC premium earned too (sBTC backs no policy yet: written through the ledger).
      const [sbtcPolicy] = await insertTestPolicies(handle.db, 1, 'SBTC');
      const [row] = await handle.db.select().from(providers).where(eq(providers.principal, alice));
      const sbtc = {
        policyId: sbtcPolicy!,
        token: 'SBTC' as const,
        parts: [{ providerId: row!.id, amount: 1_500n }],
      };
      await accruePremium(handle.db, sbtc);
      await earnPremium(handle.db, sbtc);

      const input = { principal: alice, requestId: `${alice}:all-1` };
      const first = await claimProviderPremiums(handle.db, input, at(due));
      expect(first).toEqual({
        applied: true,
        claims: [
          {
            token: 'STX',
            amount: 65_116_279n,
            policies: [expect.objectContaining({ onchainId: '1', amount: 65_116_279n })],
          },
          { token: 'SBTC', amount: 1_500n, policies: [] },
        ],
      });
      const retry = await claimProviderPremiums(handle.db, input, at(due));
      expect(retry.applied).toBe(false);
      expect(retry.claims.map((c) => [c.token, c.amount])).toEqual([
        ['STX', 65_116_279n],
        ['SBTC', 1_500n],
      ]);
      await expect(
        claimProviderPremiums(handle.db, { principal: alice, requestId: `${alice}:all-2` }, at(due)),
      ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });

      const view = await list(alice, due);
      expect(view.totals.map((t) => [t.token, t.pending, t.earned, t.claimed, t.earnedCount])).toEqual([
        ['STX', 0n, 0n, 65_116_279n, 0],
        ['SBTC', 0n, 0n, 1_500n, 0],
      ]);
      expect(view.history.items.map((h) => [h.kind, h.token, h.amount, h.policy?.onchainId ?? null])).toEqual(
        [
          ['claimed', 'SBTC', 1_500n, null],
          ['claimed', 'STX', 65_116_279n, null],
          ['earned', 'SBTC', 1_500n, null],
          ['earned', 'STX', 65_116_279n, '1'],
        ],
      );
      expect(view.history.items[1]!.claimedPolicies).toEqual([
        expect.objectContaining({ onchainId: '1', amount: 65_116_279n }),
      ]);
      // Keyset pages: two at a time, no overlap.
      const page1 = await listProviderPremiums(handle.db, alice, { limit: 2 }, at(due));
      const page2 = await listProviderPremiums(
        handle.db,
        alice,
        { limit: 2, cursor: BigInt(page1.history.nextCursor!) },
        at(due),
      );
      expect([...page1.history.items, ...page2.history.items].map((h) => h.entryId)).toEqual(
        view.history.items.map((h) => h.entryId),
      );
      expect(page2.history.nextCursor).toBeNull();
      // Bob's claim with a token keeps the one-token behaviour; his shares are his alone.
      const bobs = await claimProviderPremiums(
        handle.db,
        { principal: bob, token: 'STX', requestId: 'b1' },
        at(due),
      );
      expect(bobs.claims).toEqual([
        { token: 'STX', amount: 34_883_721n, policies: [expect.objectContaining({ amount: 34_883_721n })] },
      ]);
      const shares = await handle.db.select().from(providerPremiumDistributions);
      expect(shares.every((s) => s.status === 'DISTRIBUTED' && s.claimKey !== null)).toBe(true);
      expect(await verifyLedger(handle.db)).toEqual([]);
    });

    it('a re-org that undoes an exercise withdraws its notices', async () => {
      const other = await target.open();
      try {
        await seedTiers(other.db);
        await ingest(other, [b1, b2, b3]);
        expect((await other.db.select().from(notifications)).length).toBe(2);
        await ingest(other, [], [b3]);
        expect(await other.db.select().from(notifications)).toEqual([]);
        expect(await other.db.select().from(providerPremiumDistributions)).toEqual([]);
        // Settled again (by an operator that recorded no height): due the delay after the expiry.
        await ingest(other, [printBlock(ids.vault, 3, 'fork', [[policyExercised(1n, 200n * STX)]])]);
        const shares = await other.db.select().from(providerPremiumDistributions);
        expect(shares.map((r) => r.dueBurnHeight)).toEqual([
          EXPIRY + PREMIUM_DISTRIBUTION_DELAY_BLOCKS,
          EXPIRY + PREMIUM_DISTRIBUTION_DELAY_BLOCKS,
        ]);
        expect((await other.db.select().from(notifications)).length).toBe(2);
      } finally {
        await other.close();
      }
    });
  });
}
