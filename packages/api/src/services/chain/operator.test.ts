/**
 * The operator against the real contracts: a local chain (Clarinet simnet), its blocks delivered to
 * ingestion as Chainhook payloads, and `operateVault` passes making the chain follow the ledger —
 * lock, allowances, settlement at the feed's price, release — with the vault, the mirror and the
 * ledger reconciled after every step.
 */
import {
  buyPolicyCall,
  CHAIN_IDS,
  contractIds,
  depositCall,
  type QuoteTerms,
  quoteValidUntil,
  signQuoteTerms,
  toPlain,
  withdrawCall,
} from '@bithedge/contracts';
import type { LocalChain, SubmittedCall } from '@bithedge/contracts/local-chain';
import {
  adminAlerts,
  type DatabaseHandle,
  marketData,
  notifications,
  openDatabase,
  operatorOutbox,
  policies,
  providers,
} from '@bithedge/db';
import { BLOCKS_PER_DAY } from '@bithedge/pricing';
import { Cl, type ClarityValue } from '@stacks/transactions';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localVaultChain, type VaultChain } from '../../adapters/vault-chain';
import { devnetAccount } from '../../devnet-accounts';
import { type LocalChainEnv, openLocalChainEnv } from '../../test/local-chain';
import { feedAt } from '../../test/prices';
import { applyEntries, claimPremiums, verifyLedger } from '../ledger';
import {
  cancelPendingWithdrawal,
  requestProviderWithdrawal,
  withdrawalStates,
} from '../liquidity/withdrawals';
import { recordMarketSnapshot } from '../market/market-data';
import { distributeDuePremiums } from '../policies/premium-distribution';
import { operateVault, premiumClaimId, settlementPayout, settlementPrices } from './operator';
import { checkReconciliation } from './reconcile-check';
import { reconcileVault } from './reconciliation';

const ids = contractIds('devnet');
const operator = devnetAccount('deployer');
const alice = devnetAccount('wallet_1').address;
const bob = devnetAccount('wallet_2').address;
const buyer = devnetAccount('wallet_3').address;
const USD = 100_000_000n;

describe('settlementPayout', () => {
  const put = {
    type: 'PUT' as const,
    strikeUsd: 54_000n * USD,
    amountSats: 10_000_000n,
    collateral: 10n ** 12n,
  };
  it('pays the intrinsic value on the amount protected, in micro-STX, rounded down and capped', () => {
    // (54,000 − 50,000) × 0.1 BTC = 400 USD = 800 STX at 0.50.
    expect(settlementPayout(put, { btcUsd: 50_000n * USD, stxUsd: USD / 2n })).toBe(800_000_000n);
    expect(settlementPayout(put, { btcUsd: 60_000n * USD, stxUsd: USD / 2n })).toBe(0n);
    expect(settlementPayout({ ...put, collateral: 5n }, { btcUsd: 1n * USD, stxUsd: USD })).toBe(5n);
    expect(settlementPayout({ ...put, type: 'CALL' }, { btcUsd: 55_000n * USD, stxUsd: 3n * USD })).toBe(
      33_333_333n,
    ); // 100 USD at 3 USD/STX = 33.333333… STX, rounded down
  });

  it('pays an sBTC-backed CALL in sats: floor((S − K) × amount / S), rounded down and capped', () => {
    const call = {
      type: 'CALL' as const,
      strikeUsd: 100_000n * USD,
      amountSats: 10_000_000n,
      collateral: 12_500_000n,
      protectedValue: 10_000_000n,
      token: 'SBTC' as const,
    };
    // (120,000 − 100,000) × 10,000,000 / 120,000 = 1,666,666.67 sats: the STX price plays no part.
    expect(settlementPayout(call, { btcUsd: 120_000n * USD, stxUsd: USD })).toBe(1_666_666n);
    expect(settlementPayout(call, { btcUsd: 120_000n * USD, stxUsd: 7n * USD })).toBe(1_666_666n);
    expect(settlementPayout(call, { btcUsd: 100_000n * USD, stxUsd: USD })).toBe(0n);
    expect(settlementPayout(call, { btcUsd: 90_000n * USD, stxUsd: USD })).toBe(0n);
    // However high BTC goes the payout stays below the amount: covered at any price.
    const moon = settlementPayout(call, { btcUsd: 10n ** 9n * USD, stxUsd: USD });
    expect(moon).toBe(9_999_000n); // (10⁹ − 10⁵) ÷ 10⁹ of the amount
    // Capped at the locked collateral (a short lock) and at the protected value.
    expect(settlementPayout({ ...call, collateral: 1_000n }, { btcUsd: 120_000n * USD, stxUsd: USD })).toBe(
      1_000n,
    );
    expect(settlementPayout({ ...call, protectedValue: 500n }, { btcUsd: 120_000n * USD, stxUsd: USD })).toBe(
      500n,
    );
  });
});

describe('vault operator on the local chain', () => {
  let chain: LocalChain;
  let vault: VaultChain;
  let handle: DatabaseHandle;
  let deliver: LocalChainEnv['deliver'];
  let userCall: LocalChainEnv['userCall'];
  const pass = () => operateVault(handle.db, vault, { ids, maxPriceAgeMs: 60_000, now: new Date() });
  async function expectReconciled() {
    const totals = toPlain(chain.vaultTotals('STX')) as { balance: bigint; locked: bigint };
    const result = await reconcileVault(handle.db, [{ token: 'STX', ...totals }]);
    expect(result.tokens[0]?.ledger).toEqual(totals);
    expect(result.tokens[0]?.offChainCapital).toBe(0n);
    expect(result.reconciled).toBe(true);
    expect(await verifyLedger(handle.db)).toEqual([]);
    // The reconcile step reads the same totals through the local chain's reader, and agrees.
    const check = await checkReconciliation(
      handle.db,
      localVaultChain(chain, ids, operator.address, deliver),
    );
    expect(check.tokens.find((t) => t.token === 'STX')?.vault).toEqual(totals);
    expect(check).toMatchObject({ source: 'local-chain', reconciled: true, alert: 'none' });
  }

  beforeAll(async () => {
    ({ chain, handle, deliver, userCall } = await openLocalChainEnv({
      prices: feedAt(60_000n * USD, USD / 2n),
    }));
    vault = localVaultChain(chain, ids, operator.address, deliver);
  });
  afterAll(() => handle?.close());

  it('settles at the price (the registry releasing), credits claims, authorizes withdrawals, reconciled throughout', async () => {
    await userCall(
      depositCall(ids, { provider: alice, token: 'STX', amount: 20_000_000_000n, tier: 'balanced' }),
      alice,
    );
    await userCall(
      depositCall(ids, { provider: bob, token: 'STX', amount: 10_000_000_000n, tier: 'balanced' }),
      bob,
    );
    const terms = (n: number, strikeUsd: bigint): QuoteTerms => ({
      quoteId: `00000000-0000-4000-8000-00000000000${n}`,
      buyer,
      policyType: 'PUT',
      strikeUsd,
      amountSats: 10_000_000n,
      protectedValue: 3_000_000_000n,
      premium: 100_000_000n,
      expirationHeight: BigInt(chain.burnBlockHeight) + BLOCKS_PER_DAY,
      validUntil: quoteValidUntil(chain.blockTime),
      // 3,000 STX protected at the balanced tier's 125% collateral ratio.
      collateral: 3_750_000_000n,
    });
    for (const [n, strike] of [
      [1, 54_000n * USD],
      [2, 40_000n * USD],
    ] as const) {
      const t = terms(n, strike);
      await userCall(
        buyPolicyCall(ids, t, signQuoteTerms(t, operator.privateKey, CHAIN_IDS.devnet, ids.registry)),
        buyer,
      );
    }
    // M2: the purchases locked their collateral themselves: the vault and the ledger agree at once,
    // and the operator has nothing to lock.
    await expectReconciled();
    expect((await pass()).actions).toEqual([]);

    // Not yet expired: nothing to settle. Then past the expiration height, BTC at 50,000.
    chain.mineBurnBlocks(150);
    // With only an old price, nothing is settled: the pass says why and waits for a fresh one.
    const stale = await operateVault(handle.db, vault, {
      ids,
      maxPriceAgeMs: 1,
      now: new Date(Date.now() + 60_000),
    });
    expect(stale.actions).toEqual([]);
    expect(stale.settlementSkipped).toMatch(/BTC|price/i);
    await recordMarketSnapshot(handle.db, feedAt(50_000n * USD, USD / 2n));
    const settle = await pass();
    expect(settle.actions.map((a) => [a.action, a.subject, a.amount ?? null, a.ok])).toEqual([
      ['exercise', '1', '800000000', true],
      ['expire', '2', null, true],
    ]);
    await expectReconciled();
    const settled = await handle.db.select().from(policies).orderBy(policies.id);
    expect(settled.map((p) => [p.status, p.settlementAmount])).toEqual([
      ['EXERCISED', 800_000_000n],
      ['EXPIRED', 0n],
    ]);

    // X4: each backer of the exercised policy is told what it cost them, at which price.
    const notices = await handle.db.select().from(notifications).orderBy(notifications.id);
    expect(notices.map((n) => [n.principal, n.kind, n.data])).toEqual([
      [
        alice,
        'SETTLEMENT_DEBIT',
        expect.objectContaining({ onchainId: '1', settlementBtcUsd: `${50_000n * USD}` }),
      ],
      [
        bob,
        'SETTLEMENT_DEBIT',
        expect.objectContaining({ onchainId: '1', settlementBtcUsd: `${50_000n * USD}` }),
      ],
    ]);
    expect(notices[0]!.body).toContain('at BTC $50000');

    // The premium shares stay pending until 144 Bitcoin blocks after the expiry: mining them makes
    // them due, and the next pass distributes them. Bob claims his, the operator credits it in the
    // vault, and it can be withdrawn with the rest of his capital.
    const notYet = await distributeDuePremiums(handle.db, {
      burnHeight: chain.burnBlockHeight,
      now: new Date(),
    });
    expect(notYet).toMatchObject({ distributed: 0 });
    chain.mineBurnBlocks(Number(BLOCKS_PER_DAY));
    const later = { burnHeight: chain.burnBlockHeight, now: new Date() };
    expect(await distributeDuePremiums(handle.db, later)).toMatchObject({ distributed: 4 });
    const claimed = await claimPremiums(handle.db, { principal: bob, token: 'STX', requestId: 'claim-1' });
    const bobPremium = claimed.entries[0]!.amount;
    expect(bobPremium).toBe(2n * 33_333_333n); // a third of each 100 STX premium, rounded down (Alice had the larger remainder)
    expect((await pass()).actions.map((a) => [a.action, a.subject, a.amount, a.ok])).toEqual([
      ['credit', premiumClaimId(claimed.entries[0]!.idempotencyKey), '66666666', true],
    ]);
    await expectReconciled();
    expect((await pass()).actions).toEqual([]);

    // A withdrawal: reserved, authorized by the operator, taken by the provider's own call.
    await requestProviderWithdrawal(handle.db, alice, {
      token: 'STX',
      amount: 700_000_000n,
      requestId: 'r1',
    });
    expect((await pass()).actions.map((a) => [a.action, a.subject, a.amount])).toEqual([
      ['allowance', `${alice}:STX`, '700000000'],
    ]);
    expect(await withdrawalStates(handle.db, alice)).toEqual([
      {
        principal: alice,
        token: 'STX',
        pending: 700_000_000n,
        authorized: 700_000_000n,
        cancelling: false,
        target: 700_000_000n,
      },
    ]);
    await userCall(withdrawCall(ids, { token: 'STX', amount: 700_000_000n }), alice);
    expect(await withdrawalStates(handle.db, alice)).toEqual([]);
    await expectReconciled();

    // A cancelled request: the operator takes the allowance back, and the vault refuses the call.
    await requestProviderWithdrawal(handle.db, bob, { token: 'STX', amount: 300_000_000n, requestId: 'r2' });
    await pass();
    // The vault authorizes it already, so the cancel is two-phase (H1): cancelling until the
    // operator's allowance of 0 is ingested, then the funds are available again.
    const cancel = await cancelPendingWithdrawal(handle.db, bob, { token: 'STX', requestId: 'c1' });
    expect([cancel.state, cancel.amount]).toEqual(['CANCELLING', 300_000_000n]);
    expect((await pass()).actions.map((a) => [a.action, a.subject, a.amount])).toEqual([
      ['allowance', `${bob}:STX`, '0'],
    ]);
    expect(await withdrawalStates(handle.db, bob)).toEqual([]);
    const refused = await deliver(
      chain.runAs(withdrawCall(ids, { token: 'STX', amount: 300_000_000n }), bob),
    );
    expect(refused.result).toBe('(err u104)'); // ERR-EXCEEDS-ALLOWANCE
    await expectReconciled();
    expect((await pass()).actions).toEqual([]);
    const [policy1] = await handle.db.select().from(policies).where(eq(policies.onchainId, '1'));
    expect(policy1?.status).toBe('EXERCISED');
  });
});

describe('vault operator: outbox, compare-and-set, unbacked policies', () => {
  let chain: LocalChain;
  let handle: DatabaseHandle;
  let deliver: LocalChainEnv['deliver'];
  let userCall: LocalChainEnv['userCall'];
  /** Blocks the operator's calls mined but Chainhook has not delivered yet. */
  const held: SubmittedCall[] = [];
  let lagging: VaultChain;
  const passOn = (vault: VaultChain, now = new Date()) =>
    operateVault(handle.db, vault, { ids, maxPriceAgeMs: 60_000, now });
  const deliverHeld = async () => {
    for (const s of held.splice(0)) await deliver(s);
  };
  const read = (fn: string, args: ClarityValue[]) => toPlain(chain.readOnly(ids.vault, fn, args));
  const outbox = () =>
    handle.db
      .select()
      .from(operatorOutbox)
      .orderBy(operatorOutbox.id)
      .then((rows) => rows.map((r) => [r.action, r.status, r.attempts]));
  const buy = async (n: number, collateral: bigint) => {
    const t: QuoteTerms = {
      quoteId: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
      buyer,
      policyType: 'PUT',
      strikeUsd: 40_000n * USD,
      amountSats: 10_000_000n,
      protectedValue: 3_000_000_000n,
      premium: 100_000_000n,
      expirationHeight: BigInt(chain.burnBlockHeight) + BLOCKS_PER_DAY,
      validUntil: quoteValidUntil(chain.blockTime),
      collateral,
    };
    await userCall(
      buyPolicyCall(ids, t, signQuoteTerms(t, operator.privateKey, CHAIN_IDS.devnet, ids.registry)),
      buyer,
    );
  };

  beforeAll(async () => {
    ({ chain, handle, deliver, userCall } = await openLocalChainEnv({
      prices: feedAt(60_000n * USD, USD / 2n),
    }));
    lagging = localVaultChain(chain, ids, operator.address, async (s) => {
      held.push(s);
    });
  });
  afterAll(() => handle?.close());

  it('M2: a policy the ledger cannot back stays PENDING with an alert, and is still settled on chain', async () => {
    // Only conservative capital: the vault can lock it, but it cannot back a balanced-tier policy.
    await userCall(
      depositCall(ids, { provider: alice, token: 'STX', amount: 20_000_000_000n, tier: 'conservative' }),
      alice,
    );
    await buy(1, 3_750_000_000n);
    const [policy] = await handle.db.select().from(policies).where(eq(policies.onchainId, '1'));
    expect(policy).toMatchObject({ status: 'PENDING', collateralAmount: 3_750_000_000n });
    const alerts = await handle.db.select().from(adminAlerts);
    expect(alerts.map((a) => a.kind)).toEqual(['policy-unallocated']);
    chain.mineBurnBlocks(150);
    await recordMarketSnapshot(handle.db, feedAt(60_000n * USD, USD / 2n));
    const vault = localVaultChain(chain, ids, operator.address, deliver);
    expect((await passOn(vault)).actions.map((a) => [a.action, a.subject, a.ok])).toEqual([
      ['expire', '1', true],
    ]);
    expect(toPlain(chain.vaultTotals('STX'))).toMatchObject({ locked: 0n });
  });

  it('H2: two overlapping operator passes with delayed ingestion credit a claim once', async () => {
    // Policy 1's premium is in the vault's pool; Alice claims part of it in the ledger (written
    // directly: the unbacked policy gave no provider a share to distribute).
    const claimed = await applyEntries(handle.db, [
      {
        providerId: (await providerId(alice))!,
        token: 'STX',
        type: 'PREMIUM_CLAIM',
        amount: 60_000_000n,
        delta: { claimedPremium: 60_000_000n, available: 60_000_000n },
        idempotencyKey: 'premium-claim:test-1',
      },
    ]);
    expect(claimed.entries).toHaveLength(1);
    const balance = () => read('get-provider-balance', [Cl.principal(alice), Cl.stringAscii('STX')]);
    const before = balance() as bigint;

    // Chainhook lags: neither pass sees the other's credit ingested.
    const [a, b] = await Promise.all([passOn(lagging), passOn(lagging)]);
    const credits = [...a.actions, ...b.actions].filter((x) => x.action === 'credit');
    expect(credits.map((c) => [c.subject, c.amount, c.ok])).toEqual([
      [premiumClaimId('premium-claim:test-1'), '60000000', true],
    ]);
    // A later pass, still before ingestion, sends nothing either (the outbox knows it confirmed).
    expect((await passOn(lagging)).actions).toEqual([]);
    expect(balance()).toBe(before + 60_000_000n);
    expect(held).toHaveLength(1);
    await deliverHeld();
    expect((await passOn(lagging)).actions).toEqual([]);
    expect(balance()).toBe(before + 60_000_000n);
  });

  it('H1: the operator sets allowances by compare-and-set, and waits while ingestion lags', async () => {
    const allowance = () => read('get-withdrawal-allowance', [Cl.principal(alice), Cl.stringAscii('STX')]);
    await requestProviderWithdrawal(handle.db, alice, {
      token: 'STX',
      amount: 700_000_000n,
      requestId: 'h1',
    });
    expect((await passOn(lagging)).actions.map((x) => [x.action, x.amount, x.ok])).toEqual([
      ['allowance', '700000000', true],
    ]);
    // Not ingested yet: the live allowance already matches, so nothing is re-sent.
    expect((await passOn(lagging)).actions).toEqual([]);
    // Alice takes part of it; the withdrawal is not ingested either. The ledger still says 700
    // pending: a set from the live value would hand her 700 again. The operator waits instead.
    held.push(chain.runAs(withdrawCall(ids, { token: 'STX', amount: 300_000_000n }), alice));
    expect(allowance()).toBe(400_000_000n);
    expect((await passOn(lagging)).actions).toEqual([]);
    expect(allowance()).toBe(400_000_000n);
    await deliverHeld();
    expect(await withdrawalStates(handle.db, alice)).toEqual([
      {
        principal: alice,
        token: 'STX',
        pending: 400_000_000n,
        authorized: 400_000_000n,
        cancelling: false,
        target: 400_000_000n,
      },
    ]);
    expect((await passOn(lagging)).actions).toEqual([]);
  });

  it('L9: a failing call is not re-sent every pass: the outbox backs off', async () => {
    await applyEntries(handle.db, [
      {
        providerId: (await providerId(alice))!,
        token: 'STX',
        type: 'PREMIUM_CLAIM',
        amount: 1n,
        delta: { claimedPremium: 1n, available: 1n },
        idempotencyKey: 'premium-claim:test-2',
      },
    ]);
    const failing: VaultChain = {
      ...lagging,
      submit: async () => ({ txId: `0x${'f'.repeat(64)}`, ok: false, result: '(err u110)' }),
    };
    const t0 = new Date(Date.now() + 3_600_000);
    expect((await passOn(failing, t0)).actions.map((x) => [x.action, x.ok])).toEqual([['credit', false]]);
    expect((await passOn(failing, new Date(t0.getTime() + 59_000))).actions).toEqual([]);
    const t1 = new Date(t0.getTime() + 61_000);
    expect((await passOn(failing, t1)).actions.map((x) => [x.action, x.ok])).toEqual([['credit', false]]);
    // The second failure doubles the wait.
    expect((await passOn(failing, new Date(t1.getTime() + 119_000))).actions).toEqual([]);
    expect((await outbox()).slice(-2)).toEqual([
      ['credit', 'FAILED', 1],
      ['credit', 'FAILED', 2],
    ]);
  });

  it('L9: nonces are fetched once per pass and counted up; a pending call is polled, not re-sent', async () => {
    const sent: (bigint | undefined)[] = [];
    let fetches = 0;
    let state: 'PENDING' | 'CONFIRMED' = 'PENDING';
    const node: VaultChain = {
      ...lagging,
      nextNonce: async () => {
        fetches++;
        return 7n;
      },
      submit: async (_call, options) => {
        sent.push(options?.nonce);
        return { txId: `0x${String(sent.length).padStart(64, '0')}`, ok: null, result: 'broadcast' };
      },
      txStatus: async () => ({ state, result: state === 'CONFIRMED' ? '(ok u1)' : 'pending' }),
    };
    for (const key of ['premium-claim:test-3', 'premium-claim:test-4'])
      await applyEntries(handle.db, [
        {
          providerId: (await providerId(alice))!,
          token: 'STX',
          type: 'PREMIUM_CLAIM',
          amount: 1n,
          delta: { claimedPremium: 1n, available: 1n },
          idempotencyKey: key,
        },
      ]);
    const later = new Date(Date.now() + 10 * 3_600_000); // past test-2's back-off
    const first = await passOn(node, later);
    expect(first.actions.map((x) => x.action)).toEqual(['credit', 'credit', 'credit']);
    expect(sent).toEqual([7n, 8n, 9n]);
    expect(fetches).toBe(1);
    // Still pending on the node: nothing is sent again.
    expect((await passOn(node, later)).actions).toEqual([]);
    state = 'CONFIRMED';
    expect((await passOn(node, later)).actions).toEqual([]);
    expect((await outbox()).slice(-3)).toEqual([
      ['credit', 'CONFIRMED', 0],
      ['credit', 'CONFIRMED', 0],
      ['credit', 'CONFIRMED', 0],
    ]);
  });

  async function providerId(principal: string) {
    const [row] = await handle.db
      .select({ id: providers.id })
      .from(providers)
      .where(eq(providers.principal, principal));
    return row?.id;
  }
});

describe('settlementPrices', () => {
  it('L9: takes the first observation at or after the expiry, not the latest one', async () => {
    const handle = await openDatabase({ dataDir: 'memory://' });
    try {
      const expiry = new Date('2026-12-01T00:00:00Z');
      const at = (seconds: number) => new Date(expiry.getTime() + seconds * 1000);
      const row = (asset: string, priceUsd: bigint, seconds: number) => ({
        asset,
        priceUsd,
        source: 'test',
        observedAt: at(seconds),
      });
      expect(await settlementPrices(handle.db, expiry)).toBeNull();
      await handle.db
        .insert(marketData)
        .values([
          row('BTC', 61_000n * USD, -30),
          row('STX', USD, -30),
          row('BTC', 60_000n * USD, 0),
          row('STX', USD / 2n, 40),
          row('BTC', 50_000n * USD, 300),
          row('STX', USD / 4n, 300),
        ]);
      expect(await settlementPrices(handle.db, expiry)).toEqual({
        btcUsd: 60_000n * USD,
        stxUsd: USD / 2n,
        observedAt: at(40),
      });
      expect(await settlementPrices(handle.db, at(301))).toBeNull();
    } finally {
      await handle.close();
    }
  });
});
