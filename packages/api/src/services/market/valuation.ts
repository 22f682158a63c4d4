import type { Token } from '@bithedge/db';
import { microStxToUsd, usdToSats } from '@bithedge/pricing';
import type { Asset } from '../../adapters/price-feed';
import type { MarketQuote } from './market-data';

/** Micro-STX in a token's own base units (null: no prices to value them). */
export type MicroStxValuer = (token: Token, microStx: bigint) => bigint | null;

/**
 * Values micro-STX (premiums, which are STX whatever backs a policy) in a token's base units at
 * the latest prices: STX as it is, sBTC in sats through USD, rounded down at each step (an income
 * figure never shows more than was earned). Null for sBTC while either price was never recorded;
 * nothing is worth nothing at any price.
 */
export function microStxValuer(latest: Record<Asset, MarketQuote | null>): MicroStxValuer {
  const { STX, BTC } = latest;
  return (token, microStx) => {
    if (token === 'STX' || microStx === 0n) return microStx;
    if (!STX || !BTC) return null;
    return usdToSats(microStxToUsd(microStx, STX.priceUsd, 'floor'), BTC.priceUsd, 'floor');
  };
}
