/** Assets the product prices. */
export type Asset = 'BTC' | 'STX';
export const ASSETS: readonly Asset[] = ['BTC', 'STX'];

/** USD values are integers with 8 decimals throughout the backend. */
export const USD_DECIMALS = 8;

export interface PriceObservation {
  asset: Asset;
  /** USD price × 10^8. */
  priceUsd: bigint;
  /** The feed's confidence interval (± USD × 10^8); 0 when the feed has none. */
  confidenceUsd: bigint;
  publishedAt: Date;
  source: string;
}

export type PriceSnapshot = Record<Asset, PriceObservation>;

/** Where prices come from: Pyth Hermes in production, a seeded simulation in development and tests. */
export interface PriceFeed {
  readonly source: string;
  latest(): Promise<PriceSnapshot>;
}
