import type { PriceFeed } from '../adapters/price-feed';

/**
 * A feed at fixed prices (USD, 8 decimals), published at `at`, or when read if no moment is given
 * (so each snapshot recorded from it is fresh).
 */
export function feedAt(btcUsd: bigint, stxUsd: bigint, at?: Date): PriceFeed {
  return {
    source: 'test',
    latest: async () => {
      const publishedAt = at ?? new Date();
      const obs = (asset: 'BTC' | 'STX', priceUsd: bigint) => ({
        asset,
        priceUsd,
        confidenceUsd: 0n,
        publishedAt,
        source: 'test',
      });
      return { BTC: obs('BTC', btcUsd), STX: obs('STX', stxUsd) };
    },
  };
}
