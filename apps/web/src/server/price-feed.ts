import 'server-only';
import { createPriceFeed, type PriceFeed } from '@bithedge/api';
import { getEnv } from './env';

let feed: PriceFeed | undefined;

/** One feed per server: the simulation keeps its seeded path in memory. */
export function getPriceFeed(): PriceFeed {
  feed ??= createPriceFeed(getEnv().priceFeed);
  return feed;
}
