import { type DatabaseHandle, seedRiskParameters, seedTiers } from '@bithedge/db';
import { SimulatedChainClock } from '../adapters/chain-clock';
import { SimulatedPriceFeed } from '../adapters/price-feed';
import { type Context, createContext, createQuotingContext, type Session } from '../context';
import { recordMarketSnapshot } from '../services/market';

/** A database ready to quote on, and request contexts at any moment as anyone. */
export interface QuotingFixture {
  handle: DatabaseHandle;
  at(now: Date, session?: Session | null): Context;
}

/**
 * Opens a database with the risk parameters (and, when asked, the tiers) seeded and simulated
 * prices published at `t0`, on a simulated chain clock that stands at `t0` (height 900,000 at
 * midnight of that day).
 */
export async function quotingFixture(
  open: () => Promise<DatabaseHandle>,
  t0: Date,
  options: { tiers?: boolean } = {},
): Promise<QuotingFixture> {
  const handle = await open();
  await seedRiskParameters(handle.db);
  if (options.tiers) await seedTiers(handle.db);
  await recordMarketSnapshot(handle.db, new SimulatedPriceFeed({ seed: 11, now: () => t0 }));
  const chain = new SimulatedChainClock({
    genesisHeight: 900_000,
    epoch: new Date(`${t0.toISOString().slice(0, 10)}T00:00:00Z`),
    now: () => t0,
  });
  return {
    handle,
    at: (now, session = null) =>
      createContext({ db: handle.db, session, quoting: createQuotingContext({ now: () => now, chain }) }),
  };
}

/** The tRPC and app error codes and the message of a call expected to be refused. */
export async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; cause?: { code?: string }; message: string };
    return { code: e.code, appCode: e.cause?.code, message: e.message };
  }
  throw new Error('expected a refusal');
}
