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
  signQuoteTerms,
  toPlain,
  withdrawCall,
} from '@bithedge/contracts';
import type { LocalChain, SubmittedCall } from '@bithedge/contracts/local-chain';
import { type DatabaseHandle, openDatabase, policies, seedTiers } from '@bithedge/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PriceFeed } from '../adapters/price-feed';
import { localVaultChain, type VaultChain } from '../adapters/vault-chain';
import { devnetAccount } from '../devnet-accounts';
import { deliverTo, localChainForTests } from '../testing-local-chain';
import { claimPremiums, verifyLedger } from './ledger';
import { recordMarketSnapshot } from './market-data';
import { distributeDuePremiums } from './policies/premium-distribution';
import { reconcileVault } from './reconciliation';
import { operateVault, settlementPayout } from './vault-operator';
import { cancelPendingWithdrawal, requestProviderWithdrawal, withdrawalStates } from './withdrawals';

const ids = contractIds('devnet');
const operator = devnetAccount('deployer');
const alice = devnetAccount('wallet_1').address;
const bob = devnetAccount('wallet_2').address;
const buyer = devnetAccount('wallet_3').address;
const USD = 100_000_000n;

const feedAt = (btc: bigint, stx: bigint): PriceFeed => ({
  source: 'test',
  latest: async () => {
    const at = new Date();
    const obs = (asset: 'BTC' | 'STX', priceUsd: bigint) => ({
      asset,
      priceUsd,
      confidenceUsd: 0n,
      publishedAt: at,
      source: 'test',
    });
    return { BTC: obs('BTC', btc), STX: obs('STX', stx) };
  },
});

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
});

describe('vault operator on the local chain', () => {
  let chain: LocalChain;
  let vault: VaultChain;
  let handle: DatabaseHandle;
  const deliver = (submitted: SubmittedCall) => deliverTo(handle.db)(submitted);
  const userCall = async (call: Parameters<LocalChain['runAs']>[0], sender: string) => {
    const submitted = await deliver(chain.runAs(call, sender));
    expect(submitted.result, submitted.result).toMatch(/^\(ok/);
  };
  const pass = () => operateVault(handle.db, vault, { ids, maxPriceAgeMs: 60_000, now: new Date() });
  async function expectReconciled() {
    const totals = toPlain(chain.vaultTotals('STX')) as { balance: bigint; locked: bigint };
    const result = await reconcileVault(handle.db, [{ token: 'STX', ...totals }]);
    expect(result.tokens[0]?.ledger).toEqual(totals);
    expect(result.tokens[0]?.offChainCapital).toBe(0n);
    expect(result.reconciled).toBe(true);
    expect(await verifyLedger(handle.db)).toEqual([]);
  }

  beforeAll(async () => {
    chain = await localChainForTests();
    vault = localVaultChain(chain, ids, operator.address, deliver);
    handle = await openDatabase({ dataDir: 'memory://' });
    await seedTiers(handle.db);
    await recordMarketSnapshot(handle.db, feedAt(60_000n * USD, USD / 2n));
  });
  afterAll(() => handle?.close());

  it('locks, settles at the price, releases, and authorizes withdrawals, reconciled throughout', async () => {
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
      expirationHeight: BigInt(chain.burnBlockHeight + 144),
      validUntil: BigInt(chain.burnBlockHeight + 6),
    });
    for (const [n, strike] of [
      [1, 54_000n * USD],
      [2, 40_000n * USD],
    ] as const) {
      const t = terms(n, strike);
      await userCall(buyPolicyCall(ids, t, signQuoteTerms(t, operator.privateKey, CHAIN_IDS.devnet)), buyer);
    }
    // Before the operator's pass the ledger has locked what the vault has not: not reconciled.
    const before = toPlain(chain.vaultTotals('STX')) as { balance: bigint; locked: bigint };
    expect((await reconcileVault(handle.db, [{ token: 'STX', ...before }])).reconciled).toBe(false);

    const first = await pass();
    expect(first.actions.map((a) => [a.action, a.subject, a.amount, a.ok])).toEqual([
      ['lock', '1', '3750000000', true],
      ['lock', '2', '3750000000', true],
    ]);
    await expectReconciled();
    expect((await pass()).actions).toEqual([]); // nothing left to do

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
      ['release', '1', null, true],
      ['release', '2', null, true],
    ]);
    await expectReconciled();
    const settled = await handle.db.select().from(policies).orderBy(policies.id);
    expect(settled.map((p) => [p.status, p.settlementAmount])).toEqual([
      ['EXERCISED', 800_000_000n],
      ['EXPIRED', 0n],
    ]);

    // A day later the premium shares are distributed; Bob claims his, the operator credits it in
    // the vault, and it can be withdrawn with the rest of his capital.
    const later = new Date(Date.now() + 25 * 3_600_000);
    expect(await distributeDuePremiums(handle.db, later)).toMatchObject({ distributed: 4 });
    const claimed = await claimPremiums(handle.db, { principal: bob, token: 'STX', requestId: 'claim-1' });
    const bobPremium = claimed.entries[0]!.amount;
    expect(bobPremium).toBe(2n * 33_333_333n); // a third of each 100 STX premium, rounded down (Alice had the larger remainder)
    expect((await pass()).actions.map((a) => [a.action, a.subject, a.amount, a.ok])).toEqual([
      ['credit', bob, '66666666', true],
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
      ['allowance', alice, '700000000'],
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
      ['allowance', bob, '0'],
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
