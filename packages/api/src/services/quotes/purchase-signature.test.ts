/**
 * A buyer's whole path on the real contracts: a saved quote is signed for purchase, the buyer's
 * call on the local chain pays the premium, ingestion records the policy linked to its quote and
 * allocates its collateral, and the operator locks it on chain.
 */
import {
  buyPolicyCall,
  contractIds,
  depositCall,
  PURCHASE_WINDOW_SECONDS,
  toPlain,
} from '@bithedge/contracts';
import type { LocalChain } from '@bithedge/contracts/local-chain';
import {
  type DatabaseHandle,
  marketData,
  openDatabase,
  policies,
  quotes,
  seedRiskParameters,
  seedTiers,
} from '@bithedge/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedPriceFeed } from '../../adapters/price-feed';
import type { Asset } from '../../adapters/price-feed/types';
import { localVaultChain } from '../../adapters/vault-chain';
import { createQuotingContext, type QuotingContext } from '../../context';
import { devnetAccount } from '../../devnet-accounts';
import { DEVNET_QUOTE_SIGNER } from '../../test/context';
import { type LocalChainEnv, openLocalChainEnv, quotingOnLocalChain } from '../../test/local-chain';
import { operateVault } from '../chain/operator';
import { reconcileVault } from '../chain/reconciliation';
import { deposit } from '../ledger';
import { getLatestMarketData, recordMarketSnapshot } from '../market/market-data';
import { listOwnPolicies } from '../policies/owned';
import { prepareQuoteForChain } from './chain-terms';
import { computeBuyerQuote } from './price';
import { type PurchaseSigning, signQuoteForPurchase } from './purchase-signature';
import { saveQuote } from './saved';

const ids = contractIds('devnet');
const operator = devnetAccount('deployer');
const provider = devnetAccount('wallet_1').address;
const buyer = devnetAccount('wallet_3').address;
const params = { protectedValuePercentage: 90, amount: '0.05', days: 7, policyType: 'PUT' as const };

/** A newer price for one asset, as the market-data step would store it. */
async function recordPrice(db: DatabaseHandle['db'], asset: Asset, priceUsd: bigint, observedAt: Date) {
  await db.insert(marketData).values({ asset, priceUsd, volatility: null, source: 'test', observedAt });
}

/** The latest stored price of an asset. */
async function latestPrice(db: DatabaseHandle['db'], asset: Asset): Promise<bigint> {
  const quote = (await getLatestMarketData(db))[asset];
  if (!quote) throw new Error(`no ${asset} price`);
  return quote.priceUsd;
}

function signed(result: PurchaseSigning) {
  if (result.status !== 'SIGNED') throw new Error(`expected SIGNED, got ${result.status}`);
  return result;
}

const ceilDiv = (a: bigint, b: bigint) => a / b + (a % b === 0n ? 0n : 1n);

describe('buying a signed quote', () => {
  let chain: LocalChain;
  let handle: DatabaseHandle;
  let quoting: QuotingContext;
  let deliver: LocalChainEnv['deliver'];

  beforeAll(async () => {
    ({ chain, handle, deliver } = await openLocalChainEnv({
      prices: new SimulatedPriceFeed(),
      riskParameters: true,
    }));
    quoting = quotingOnLocalChain(chain);
  });
  afterAll(() => handle?.close());

  it('is refused while the pool cannot back it, or where no key signs quotes', async () => {
    const quote = await saveQuote(handle.db, buyer, { params }, quoting);
    await expect(signQuoteForPurchase(handle.db, buyer, { id: quote.id }, quoting)).rejects.toMatchObject({
      code: 'CAPACITY_EXCEEDED',
      message: expect.stringMatching(/cannot back this policy/),
    });
    await expect(
      signQuoteForPurchase(handle.db, buyer, { id: quote.id }, { ...quoting, signer: null }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('is bought on chain, recorded with its quote, allocated and locked', async () => {
    await deliver(
      chain.runAs(
        depositCall(ids, { provider, token: 'STX', amount: 50_000_000_000_000n, tier: 'balanced' }),
        provider,
      ),
    );
    const quote = await saveQuote(handle.db, buyer, { params }, quoting);
    const { terms, signature, collateral } = signed(
      await signQuoteForPurchase(handle.db, buyer, { id: quote.id }, quoting),
    );
    // The window runs on the chain's own clock (the simnet's stacks-block-time).
    expect(terms.validUntil - BigInt(chain.blockTime)).toBe(BigInt(PURCHASE_WINDOW_SECONDS));
    // M2: the terms carry the collateral the purchase locks.
    expect(terms.collateral).toBe(collateral);
    expect(terms.buyer).toBe(buyer);

    const bought = await deliver(chain.runAs(buyPolicyCall(ids, terms, signature), buyer));
    expect(bought.result).toBe('(ok u1)');
    const [policy] = await handle.db.select().from(policies).where(eq(policies.onchainId, '1'));
    expect(policy).toMatchObject({
      status: 'ACTIVE',
      quoteId: quote.id,
      tier: 'balanced',
      premiumAmount: terms.premium,
      premiumUsd: quote.premiumUsd,
      collateralAmount: collateral,
    });
    // The buyer sees it among their own policies; no one else does.
    expect((await listOwnPolicies(handle.db, buyer)).map((p) => [p.onchainId, p.status])).toEqual([
      ['1', 'ACTIVE'],
    ]);
    expect(await listOwnPolicies(handle.db, provider)).toEqual([]);
    const [saved] = await handle.db.select().from(quotes).where(eq(quotes.id, quote.id));
    expect(saved?.status).toBe('PURCHASED');

    // The same signed quote cannot be bought twice.
    const again = await deliver(chain.runAs(buyPolicyCall(ids, terms, signature), buyer));
    expect(again.result).toBe('(err u203)');

    // The purchase itself locked the collateral: the operator has nothing to lock.
    const vault = localVaultChain(chain, ids, operator.address, deliver);
    const pass = await operateVault(handle.db, vault, { ids, maxPriceAgeMs: 3_600_000, now: new Date() });
    expect(pass.actions).toEqual([]);
    const totals = toPlain(chain.vaultTotals('STX')) as { balance: bigint; locked: bigint };
    expect(totals.locked).toBe(collateral);
    expect((await reconcileVault(handle.db, [{ token: 'STX', ...totals }])).reconciled).toBe(true);
  });

  it('C1: after BTC fell, a put saved at the old spot cannot be bought at its (now in-the-money) strike', async () => {
    const quote = await saveQuote(handle.db, buyer, { params }, quoting);
    const now = new Date();
    const fallen = (quote.quote.spotUsd * 90n) / 100n;
    await recordPrice(handle.db, 'BTC', fallen, now);
    await recordPrice(handle.db, 'STX', quote.quote.market.STX.priceUsd, now);
    // The saved premium was accepted; the current one (same moneyness, lower spot) is lower.
    const { terms, signature, current } = signed(
      await signQuoteForPurchase(handle.db, buyer, { id: quote.id }, quoting),
    );
    expect(terms.strikeUsd).toBe((fallen * 90n + 50n) / 100n);
    expect(terms.strikeUsd).toBeLessThan(quote.quote.strikeUsd);
    expect(current.premiumUsd).toBeLessThanOrEqual(quote.premiumUsd);

    const bought = await deliver(chain.runAs(buyPolicyCall(ids, terms, signature), buyer));
    expect(bought.ok).toBe(true);
    const [policy] = await handle.db.select().from(policies).where(eq(policies.quoteId, quote.id));
    expect(policy).toMatchObject({
      premiumAmount: terms.premium,
      premiumUsd: current.premiumUsd,
      strikeUsd: terms.strikeUsd,
    });
  });

  it('C1: terms signed more than 300 s of chain time ago are refused on chain, and nothing moves', async () => {
    const quote = await saveQuote(handle.db, buyer, { params }, quoting);
    const now = new Date();
    // Fresh prices for the signing (the operator test above mined nothing, the feed is ours).
    await recordPrice(handle.db, 'BTC', quote.quote.spotUsd, now);
    await recordPrice(handle.db, 'STX', quote.quote.market.STX.priceUsd, now);
    const { terms, signature } = signed(
      await signQuoteForPurchase(handle.db, buyer, { id: quote.id, acceptedPremiumUsd: 10n ** 15n }, quoting),
    );
    const before = toPlain(chain.vaultTotals('STX')) as { balance: bigint; locked: bigint };
    // One Bitcoin block later the chain's clock has moved on by far more than the window.
    chain.mineBurnBlocks(1);
    expect(BigInt(chain.blockTime)).toBeGreaterThan(terms.validUntil);
    const late = await deliver(chain.runAs(buyPolicyCall(ids, terms, signature), buyer));
    expect(late.result).toBe('(err u202)');
    expect(toPlain(chain.vaultTotals('STX'))).toEqual(before);
    const [row] = await handle.db.select().from(quotes).where(eq(quotes.id, quote.id));
    expect(row?.status).toBe('ACTIVE');
  });
});

/** Re-pricing at signing (C1), on a controlled clock and a pool funded in the ledger. */
describe('C1: signing a saved quote re-prices it', () => {
  const T0 = new Date('2026-06-01T12:00:00Z');
  const BURN_HEIGHT = 900_000;
  /** The chain's clock runs ahead of the server's (as the simnet's does). */
  const CHAIN_AHEAD_S = 1_234;
  let handle: DatabaseHandle;
  let now = T0;
  const quoting = createQuotingContext({
    signer: DEVNET_QUOTE_SIGNER,
    now: () => now,
    chain: {
      source: 'test',
      burnBlockHeight: async () => BURN_HEIGHT,
      unixTime: async () => Math.floor(now.getTime() / 1000) + CHAIN_AHEAD_S,
    },
  });
  const chainNow = () => BigInt(Math.floor(now.getTime() / 1000) + CHAIN_AHEAD_S);
  const sign = (id: string, acceptedPremiumUsd?: bigint) =>
    signQuoteForPurchase(handle.db, buyer, { id, acceptedPremiumUsd }, quoting);

  /** Moves BTC by `percent` (STX unchanged), `seconds` after the current clock, and advances it. */
  async function moveBtc(percent: bigint, seconds = 60) {
    const [btc, stx] = [await latestPrice(handle.db, 'BTC'), await latestPrice(handle.db, 'STX')];
    now = new Date(now.getTime() + seconds * 1000);
    await recordPrice(handle.db, 'BTC', (btc * (100n + percent)) / 100n, now);
    await recordPrice(handle.db, 'STX', stx, now);
  }

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await seedTiers(handle.db);
    await seedRiskParameters(handle.db);
    await recordMarketSnapshot(handle.db, new SimulatedPriceFeed({ seed: 7, now: () => T0 }));
    await deposit(handle.db, {
      principal: provider,
      tier: 'balanced',
      token: 'STX',
      amount: 50_000_000_000_000n,
      chainTxId: '0xc1',
      chainEventIndex: 0,
    });
  });
  afterAll(() => handle?.close());

  it('C1: signs the premium, strike and protected value of the current spot, never the saved ones', async () => {
    const saved = await saveQuote(handle.db, buyer, { params }, quoting);
    await moveBtc(-10n);
    const expected = await computeBuyerQuote(handle.db, params, quoting);
    expect(expected.spotUsd).toBe((saved.quote.spotUsd * 90n) / 100n);

    const { terms, current } = signed(await sign(saved.id, expected.premiumUsd));
    // The strike follows the current spot: 90% protection of today's BTC, not yesterday's.
    expect(terms.strikeUsd).toBe(expected.strikeUsd);
    expect(terms.strikeUsd).not.toBe(saved.quote.strikeUsd);
    expect(terms.premium).toBe(expected.premiumMicroStx);
    expect(terms.premium).not.toBe(saved.quote.premiumMicroStx);
    const stx = expected.market.STX.priceUsd;
    const protectedUsd = ceilDiv(expected.strikeUsd * expected.amountSats, 100_000_000n);
    expect(terms.protectedValue).toBe(ceilDiv(protectedUsd * 1_000_000n, stx));
    // The policy's term counts from this pricing, not from the save.
    expect(terms.expirationHeight).toBe(BigInt(BURN_HEIGHT) + 7n * 144n);
    expect(current).toMatchObject({
      pricedAt: now,
      spotUsd: expected.spotUsd,
      premiumUsd: expected.premiumUsd,
      saved: { premiumUsd: saved.premiumUsd, strikeUsd: saved.quote.strikeUsd, pricedAt: T0 },
    });
    // The signed pricing is now the quote's, so the policy bought from it records that premium.
    const [row] = await handle.db.select().from(quotes).where(eq(quotes.id, saved.id));
    expect(row?.premiumUsd).toBe(expected.premiumUsd);
  });

  it('C1: a buyer who accepted the saved premium gets PRICE_CHANGED with both when it rose, and nothing is signed', async () => {
    const saved = await saveQuote(handle.db, buyer, { params }, quoting);
    // The strike follows the spot, so the premium scales with it: a rise makes the put dearer.
    await moveBtc(5n);
    for (const accepted of [undefined, saved.premiumUsd]) {
      const result = await sign(saved.id, accepted);
      if (result.status !== 'PRICE_CHANGED') throw new Error('expected PRICE_CHANGED');
      expect(result.acceptedPremiumUsd).toBe(saved.premiumUsd);
      expect(result.current.saved.premiumUsd).toBe(saved.premiumUsd);
      expect(result.current.premiumUsd).toBeGreaterThan(saved.premiumUsd);
      expect(result.current.strikeUsd).toBeGreaterThan(saved.quote.strikeUsd);
      expect(result).not.toHaveProperty('signature');
    }
    const [row] = await handle.db.select().from(quotes).where(eq(quotes.id, saved.id));
    expect(row?.premiumUsd).toBe(saved.premiumUsd);

    // Confirming the new premium signs it.
    const changed = await prepareQuoteForChain(handle.db, buyer, saved.id, quoting);
    const { terms } = signed(await sign(saved.id, changed.premiumUsd));
    expect(terms.premium).toBe(changed.premiumMicroStx);
  });

  it('C1: a premium that fell is signed at the new, lower price without asking', async () => {
    const saved = await saveQuote(handle.db, buyer, { params }, quoting);
    await moveBtc(-8n);
    const { terms, current } = signed(await sign(saved.id));
    expect(current.premiumUsd).toBeLessThan(saved.premiumUsd);
    expect(terms.premium).toBeLessThan(saved.quote.premiumMicroStx);
  });

  it('C1: signed terms are purchasable for at most 300 s of chain time, never past the quote', async () => {
    const saved = await saveQuote(handle.db, buyer, { params }, quoting);
    for (const step of [0, 30, 299]) {
      await moveBtc(0n, step);
      const { terms } = signed(await sign(saved.id, 10n ** 15n));
      expect(terms.validUntil).toBe(chainNow() + 300n);
      expect(terms.validUntil - chainNow()).toBeLessThanOrEqual(BigInt(PURCHASE_WINDOW_SECONDS));
    }
    await handle.db
      .update(quotes)
      .set({ expiresAt: new Date(now.getTime() + 100_500) })
      .where(eq(quotes.id, saved.id));
    const { terms } = signed(await sign(saved.id, 10n ** 15n));
    expect(terms.validUntil).toBe(chainNow() + 100n);
  });

  it('C1: signing refuses prices older than 3 minutes, though quoting shows them for 15', async () => {
    const saved = await saveQuote(handle.db, buyer, { params }, quoting);
    now = new Date(now.getTime() + 4 * 60_000);
    await expect(computeBuyerQuote(handle.db, params, quoting)).resolves.toBeDefined();
    await expect(sign(saved.id, 10n ** 15n)).rejects.toMatchObject({ code: 'STALE_MARKET_DATA' });
    await expect(prepareQuoteForChain(handle.db, buyer, saved.id, quoting)).rejects.toMatchObject({
      code: 'STALE_MARKET_DATA',
    });
  });
});
