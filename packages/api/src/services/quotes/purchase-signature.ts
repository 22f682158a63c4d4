import { type QuoteTerms, quoteValidUntil, signQuoteTerms } from '@bithedge/contracts';
import { type Executor, quotes } from '@bithedge/db';
import { minAmount } from '@bithedge/pricing';
import { and, eq } from 'drizzle-orm';
import type { ChainClock } from '../../adapters/chain-clock';
import { AppError } from '../../errors';
import { eligibleTiers, requiredCollateral, tierCapacity } from '../policies';
import { type ChainTerms, repriceSavedQuote } from './chain-terms';
import type { BuyerQuote, QuotingDeps } from './price';
import { encodeQuoteJson } from './saved';

/** The key that signs quotes for the registry (its public key is the registry's quote key). */
export interface QuoteSigner {
  privateKey: string;
  /** SIP-018 chain id: 1 on mainnet, 0x80000000 on testnet and devnet. */
  chainId: number;
  /** The registry the signatures are for (part of the SIP-018 domain). */
  registryId: string;
}

export interface SignForPurchaseInput {
  id: string;
  /**
   * The premium (USD, 8 decimals) the buyer agreed to pay; absent: the saved quote's premium.
   * A current premium above it is not signed (`PRICE_CHANGED`).
   */
  acceptedPremiumUsd?: bigint | undefined;
}

export type PurchaseSigning =
  | {
      status: 'SIGNED';
      terms: QuoteTerms;
      signature: string;
      /** The collateral locked behind the policy, in `current.collateralToken` base units. */
      collateral: bigint;
      /** The terms signed, in the form `prepareForChain` shows them. */
      current: ChainTerms;
    }
  | {
      /** The premium rose above what the buyer accepted: nothing was signed or stored. */
      status: 'PRICE_CHANGED';
      acceptedPremiumUsd: bigint;
      /** The current terms; sign again with their `premiumUsd` accepted to buy at them. */
      current: ChainTerms;
    };

/**
 * Signs the owner's quote for the registry at its CURRENT price (C1): re-priced from the saved
 * parameters now, never the saved terms. When the premium rose above the one the buyer accepted,
 * nothing is signed and the new terms come back as `PRICE_CHANGED` for the buyer to confirm.
 * The signature is good for PURCHASE_WINDOW_SECONDS of chain time (never past the saved quote's
 * expiry), and only while the pool can back the policy — one the pool cannot collateralize is
 * refused here, before the buyer pays. The signed pricing replaces the stored one, so the policy
 * ingestion records is linked to the price it was sold at.
 */
export async function signQuoteForPurchase(
  db: Executor,
  owner: string,
  input: SignForPurchaseInput,
  deps: QuotingDeps & { chain: ChainClock; signer: QuoteSigner | null },
): Promise<PurchaseSigning> {
  const { signer } = deps;
  if (!signer) throw new AppError('UNAVAILABLE', 'Quote signing is not configured on this server');
  const { saved, current, terms: chain } = await repriceSavedQuote(db, owner, input.id, deps);
  const acceptedPremiumUsd = input.acceptedPremiumUsd ?? saved.premiumUsd;
  if (chain.premiumUsd > acceptedPremiumUsd)
    return { status: 'PRICE_CHANGED', acceptedPremiumUsd, current: chain };

  const collateral = await backingCollateral(db, chain);
  const secondsLeft = BigInt(Math.floor((chain.quoteExpiresAt.getTime() - deps.now().getTime()) / 1000));
  const chainNow = await deps.chain.unixTime();
  const terms: QuoteTerms = {
    quoteId: chain.quoteId,
    buyer: owner,
    policyType: chain.policyType,
    strikeUsd: chain.strikeUsd,
    amountSats: chain.amountSats,
    protectedValue: chain.protectedValue,
    premium: chain.premiumMicroStx,
    collateral,
    collateralToken: chain.collateralToken,
    expirationHeight: chain.expirationBurnHeight,
    // The purchase window, never past the saved quote's own expiry.
    validUntil: minAmount(quoteValidUntil(chainNow), BigInt(Math.floor(chainNow)) + secondsLeft),
  };
  await storeSignedPricing(db, owner, saved.id, current);
  return {
    status: 'SIGNED',
    terms,
    signature: signQuoteTerms(terms, signer.privateKey, signer.chainId, signer.registryId),
    collateral,
    current: chain,
  };
}

/**
 * The collateral the policy locks (its protected value × the backing tier's collateral ratio, in
 * its collateral token), refused when the eligible tiers cannot back it — before the buyer pays.
 * A CALL is refused when sBTC is short rather than backed by STX (README, sBTC-backed CALLs).
 */
async function backingCollateral(db: Executor, chain: ChainTerms): Promise<bigint> {
  const token = chain.collateralToken;
  const collateral = await requiredCollateral(db, chain.backingTier, token, chain.protectedValue);
  const capacity = await tierCapacity(db, token, eligibleTiers(chain.backingTier));
  if (capacity < collateral) {
    const unit = token === 'STX' ? 'µSTX' : 'sats of sBTC';
    throw new AppError(
      'CAPACITY_EXCEEDED',
      `The pool cannot back this policy right now: it needs ${collateral} ${unit} of ${chain.backingTier}-tier collateral and ${capacity} ${unit} is free`,
    );
  }
  return collateral;
}

/**
 * Makes the signed pricing the quote's stored one (premium, result, snapshots), so the policy
 * ingestion links to the quote carries the USD premium it was sold at and can be audited against
 * the market data and risk parameters that priced it. Refused if the quote stopped being active
 * meanwhile (bought through an earlier signature).
 */
async function storeSignedPricing(db: Executor, owner: string, id: string, quote: BuyerQuote): Promise<void> {
  const updated = await db
    .update(quotes)
    .set({
      premiumUsd: quote.premiumUsd,
      result: encodeQuoteJson(quote),
      riskParams: encodeQuoteJson(quote.riskParameters),
      marketData: encodeQuoteJson(quote.market),
    })
    .where(and(eq(quotes.id, id), eq(quotes.owner, owner), eq(quotes.status, 'ACTIVE')))
    .returning({ id: quotes.id });
  if (updated.length === 0) throw new AppError('INVALID_STATE', `Quote ${id} was already purchased`);
}
