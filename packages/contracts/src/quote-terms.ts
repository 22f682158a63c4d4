import type { PolicyType, Token } from '@bithedge/db';
import { bytesToHex, hexToBytes } from '@stacks/common';
import { Cl, type ClarityValue, signStructuredData, type TupleCV } from '@stacks/transactions';

/** The terms of a quote the backend signs and `policy-registry.purchase-policy` checks. */
export interface QuoteTerms {
  /** The saved quote's uuid. */
  quoteId: string;
  buyer: string;
  policyType: PolicyType;
  /** USD per BTC with 8 decimals. */
  strikeUsd: bigint;
  amountSats: bigint;
  /**
   * The most the policy can pay out, in base units of `collateralToken` (micro-STX, or sats for
   * an sBTC-backed CALL): the registry refuses a payout above it.
   */
  protectedValue: bigint;
  /** micro-STX the buyer pays. */
  premium: bigint;
  /** Burn height at which the policy expires. */
  expirationHeight: bigint;
  /**
   * Last unix time (seconds) at which the quote can be bought, checked against the buying
   * block's `stacks-block-time`: see `quoteValidUntil`.
   */
  validUntil: bigint;
  /**
   * What the vault locks behind the policy in the purchase transaction (> 0), in base units of
   * `collateralToken` (micro-STX or sats).
   */
  collateral: bigint;
  /**
   * The token that backs the policy and pays its settlement: "STX" (the default, and always for a
   * PUT) or "SBTC" (a CALL only: the registry refuses an sBTC-backed PUT). Signed with the rest,
   * so the buyer cannot switch the backing. The premium is micro-STX either way.
   */
  collateralToken?: Token;
}

/** The collateral token of terms, "STX" when they do not name one. */
export function termsCollateralToken(terms: Pick<QuoteTerms, 'collateralToken'>): Token {
  return terms.collateralToken ?? 'STX';
}

/**
 * How long a signed quote can be bought, in seconds of chain time: a few minutes, so the price
 * signed is the price now (a longer window is a free option on the move of BTC meanwhile).
 */
export const PURCHASE_WINDOW_SECONDS = 300;

/**
 * The `valid-until` of a quote signed at `nowSeconds` (unix seconds of the chain's clock, e.g.
 * `ChainClock.unixTime()`: the local chain's blocks run ahead of the wall clock).
 */
export function quoteValidUntil(nowSeconds: number): bigint {
  return BigInt(Math.floor(nowSeconds) + PURCHASE_WINDOW_SECONDS);
}

/**
 * SIP-018 domain of the registry; `chainId` is 1 on mainnet, 0x80000000 on testnet and devnet.
 * The registry's own contract id makes a signature valid for that one deployment only.
 */
export function quoteDomain(chainId: number, registryId: string): TupleCV {
  return Cl.tuple({
    name: Cl.stringAscii('BitHedge'),
    version: Cl.stringAscii('1'),
    'chain-id': Cl.uint(chainId),
    'verifying-contract': Cl.principal(registryId),
  });
}

export const CHAIN_IDS = { mainnet: 1, testnet: 0x80000000, devnet: 0x80000000 } as const;

/** A uuid as the 16-byte buffer the contract keys used quotes by. */
export function quoteIdBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError(`quoteId must be a uuid (got ${uuid})`);
  return hexToBytes(hex);
}

export function quoteIdFromBytes(bytes: Uint8Array): string {
  const h = bytesToHex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The terms as the Clarity tuple `purchase-policy` takes (and the message SIP-018 hashes). */
export function quoteTermsCV(terms: QuoteTerms): TupleCV<Record<string, ClarityValue>> {
  return Cl.tuple({
    'quote-id': Cl.buffer(quoteIdBytes(terms.quoteId)),
    buyer: Cl.principal(terms.buyer),
    'policy-type': Cl.stringAscii(terms.policyType),
    'strike-usd': Cl.uint(terms.strikeUsd),
    'amount-sats': Cl.uint(terms.amountSats),
    'protected-value': Cl.uint(terms.protectedValue),
    premium: Cl.uint(terms.premium),
    'expiration-height': Cl.uint(terms.expirationHeight),
    'valid-until': Cl.uint(terms.validUntil),
    collateral: Cl.uint(terms.collateral),
    'collateral-token': Cl.stringAscii(termsCollateralToken(terms)),
  });
}

/** The operator's SIP-018 signature over the terms (65 bytes, hex), checked by the registry `registryId`. */
export function signQuoteTerms(
  terms: QuoteTerms,
  privateKey: string,
  chainId: number,
  registryId: string,
): string {
  return signStructuredData({
    message: quoteTermsCV(terms),
    domain: quoteDomain(chainId, registryId),
    privateKey,
  });
}
