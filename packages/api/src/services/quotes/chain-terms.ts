import type { Executor, PolicyType, TierName, Token } from '@bithedge/db';
import { daysToBlocks, divide, POLICY_COLLATERAL, SATS_PER_BTC, usdToMicroStx } from '@bithedge/pricing';
import type { ChainClock } from '../../adapters/chain-clock';
import { AppError } from '../../errors';
import { backingTier } from '../policies';
import { type BuyerQuote, computeBuyerQuote, type QuotingDeps } from './price';
import { assertActive, type ProviderDepositTerms, providerDepositTerms } from './provider-quotes';
import { getQuote, type SavedBuyerQuote } from './saved';

/**
 * How old the prices a purchase is signed at may be. Quoting tolerates `maxPriceAgeMs` (15 min by
 * default) for display, but signing at a stale price would reopen C1 on a small scale: a buyer
 * watching the real market could buy at a price the feed has not caught up with. The
 * `market-data` step runs every minute, so this allows one missed run.
 */
export const SIGNING_MAX_PRICE_AGE_MS = 3 * 60_000;

/** What a quote was saved (or last signed) at: shown next to the current terms. */
export interface SavedPricing {
  premiumUsd: bigint;
  spotUsd: bigint;
  strikeUsd: bigint;
  pricedAt: Date;
}

/**
 * The exact terms a `policy-registry` purchase of a saved quote would take now, in the contract's
 * base units. They are RE-PRICED from the saved parameters at the current market data and active
 * risk parameters (C1): a saved quote is information for 24 h, never a price the buyer can come
 * back to. The protected-value percentage is the product parameter, so the strike is re-derived
 * from the current spot; `saved` holds what the quote said before, for comparison.
 */
export interface ChainTerms {
  quoteType: 'BUYER';
  quoteId: string;
  policyType: PolicyType;
  /** BTC covered, in sats. */
  amountSats: bigint;
  /** When these terms were priced (the policy's term counts from here). */
  pricedAt: Date;
  /** BTC spot (USD, 8 decimals) they were priced at. */
  spotUsd: bigint;
  /** Current spot × the saved protected-value percentage (USD, 8 decimals per BTC). */
  strikeUsd: bigint;
  /**
   * What backs the policy and pays it out: STX for a PUT, sBTC for a CALL (a CALL's sBTC payout
   * (S − K) ÷ S × amount never exceeds the amount, so sBTC covers it at any price; README).
   */
  collateralToken: Token;
  /**
   * The most the policy can pay, in `collateralToken` base units: a PUT's strike × amount in
   * micro-STX at `stxPriceUsd`, rounded up; a CALL's amount in sats.
   */
  protectedValue: bigint;
  /** The current premium in micro-STX at `stxPriceUsd`, rounded up: the buyer never pays less. */
  premiumMicroStx: bigint;
  /** The current premium (USD, 8 decimals). */
  premiumUsd: bigint;
  /** The quote as saved (or as last signed), to show next to the current terms. */
  saved: SavedPricing;
  /** STX/USD (8 decimals) used for both conversions. */
  stxPriceUsd: bigint;
  stxPriceObservedAt: Date;
  /** Burn height now, and the one the policy expires at (144 blocks a day). */
  currentBurnHeight: bigint;
  expirationBurnHeight: bigint;
  /** The saved quote can be signed for purchase until then (each signature lasts 300 s). */
  quoteExpiresAt: Date;
  /** The tier whose providers would back it (then riskier ones), by its moneyness. */
  backingTier: TierName;
}

/** The owner's buyer quote, refused unless it is active and unexpired. */
async function getActiveBuyerQuote(
  db: Executor,
  owner: string,
  id: string,
  now: Date,
): Promise<SavedBuyerQuote> {
  const saved = await getQuote(db, owner, id, now);
  assertActive(saved);
  if (saved.quoteType !== 'BUYER')
    throw new AppError(
      'INVALID_STATE',
      `Quote ${id} is a provider quote: it is committed by a deposit, not bought`,
    );
  return saved;
}

/** What backs a policy of this type and the most it can pay, in that token's base units. */
function protection(
  policyType: PolicyType,
  quote: Pick<BuyerQuote, 'strikeUsd' | 'amountSats'>,
  stxPriceUsd: bigint,
): Pick<ChainTerms, 'collateralToken' | 'protectedValue'> {
  if (POLICY_COLLATERAL[policyType] === 'SBTC')
    return { collateralToken: 'SBTC', protectedValue: quote.amountSats };
  const protectedValueUsd = divide(quote.strikeUsd * quote.amountSats, SATS_PER_BTC, 'ceil');
  return { collateralToken: 'STX', protectedValue: usdToMicroStx(protectedValueUsd, stxPriceUsd, 'ceil') };
}

/** The saved quote re-priced now (C1), with the chain terms that price gives. */
export async function repriceSavedQuote(
  db: Executor,
  owner: string,
  id: string,
  deps: QuotingDeps & { chain: ChainClock },
): Promise<{ saved: SavedBuyerQuote; current: BuyerQuote; terms: ChainTerms }> {
  const saved = await getActiveBuyerQuote(db, owner, id, deps.now());
  // A saved quote never has a what-if spot (saveQuote refuses one); drop it all the same, so
  // nothing but the feed can set the price a purchase is signed at.
  const { spotOverrideUsd: _neverSaved, ...params } = saved.quote.params;
  const signingDeps = { ...deps, maxPriceAgeMs: Math.min(deps.maxPriceAgeMs, SIGNING_MAX_PRICE_AGE_MS) };
  const [current, burnHeight] = await Promise.all([
    computeBuyerQuote(db, params, signingDeps),
    deps.chain.burnBlockHeight(),
  ]);
  const stx = current.market.STX;
  const currentBurnHeight = BigInt(burnHeight);
  return {
    saved,
    current,
    terms: {
      quoteType: 'BUYER',
      quoteId: saved.id,
      policyType: saved.policyType,
      amountSats: current.amountSats,
      pricedAt: current.computedAt,
      spotUsd: current.spotUsd,
      strikeUsd: current.strikeUsd,
      ...protection(saved.policyType, current, stx.priceUsd),
      premiumMicroStx: current.premiumMicroStx,
      premiumUsd: current.premiumUsd,
      saved: {
        premiumUsd: saved.premiumUsd,
        spotUsd: saved.quote.spotUsd,
        strikeUsd: saved.quote.strikeUsd,
        pricedAt: saved.quote.computedAt,
      },
      stxPriceUsd: stx.priceUsd,
      stxPriceObservedAt: stx.observedAt,
      currentBurnHeight,
      // Counted from the pricing moment, which is now: the premium's time value is for `days`
      // from now, and the signature is good for only PURCHASE_WINDOW_SECONDS, so the policy
      // cannot start later than a few minutes after the price it was sold at.
      expirationBurnHeight: currentBurnHeight + daysToBlocks(params.days),
      quoteExpiresAt: saved.expiresAt,
      backingTier: backingTier(saved.policyType, params.protectedValuePercentage),
    },
  };
}

/**
 * Chain-ready terms for one of the owner's buyer quotes (only an active, unexpired quote has
 * them): re-priced now, exactly what `signQuoteForPurchase` would sign at this moment, with the
 * saved pricing next to them. Nothing is stored.
 */
export async function prepareQuoteForChain(
  db: Executor,
  owner: string,
  id: string,
  deps: QuotingDeps & { chain: ChainClock },
): Promise<ChainTerms> {
  return (await repriceSavedQuote(db, owner, id, deps)).terms;
}

/**
 * `quotes.prepareForChain`: a buyer quote's purchase terms (as `prepareQuoteForChain`), or a
 * provider quote's vault deposit call arguments.
 */
export async function prepareSavedQuoteForChain(
  db: Executor,
  owner: string,
  id: string,
  deps: QuotingDeps & { chain: ChainClock },
): Promise<ChainTerms | ProviderDepositTerms> {
  const saved = await getQuote(db, owner, id, deps.now());
  if (saved.quoteType === 'BUYER') return prepareQuoteForChain(db, owner, id, deps);
  assertActive(saved);
  return providerDepositTerms(db, saved, deps.chain);
}
