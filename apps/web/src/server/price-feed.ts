import 'server-only';
import { createPriceFeed, type PriceFeed } from '@bithedge/api';
import { getEnv } from './env';

// On globalThis, not in a module variable: `next start` loads this module once per bundle (the
// route handlers' and instrumentation's scheduler), and a second simulated feed would not carry
// the shocks the first was given — the scheduler's minute market-data run then recorded the
// unshocked price, which undid a development shock between two steps of an e2e spec.
const store = globalThis as typeof globalThis & { __bithedgePriceFeed?: PriceFeed };

/** One feed per server process: the simulation keeps its seeded path and its shocks in memory. */
export function getPriceFeed(): PriceFeed {
  store.__bithedgePriceFeed ??= createPriceFeed(getEnv().priceFeed);
  return store.__bithedgePriceFeed;
}
