import 'server-only';
import { type HealthCheckResult, isSimulatedFeed, monitorHealth, recordMarketSnapshot } from '@bithedge/api';
import { getDatabase } from './db';
import { getEnv } from './env';
import { getPriceFeed } from './price-feed';

/**
 * One `monitor-health` pass in this process, outside the schedule: after each local-chain block
 * and each price shock, so health follows what happens on screen (on schedule it is the
 * `monitor-health` cron step, every minute after `market-data`).
 */
export async function runHealthMonitor(): Promise<HealthCheckResult> {
  const { db } = await getDatabase();
  return monitorHealth(db, { now: new Date(), maxPriceAgeMs: getEnv().priceMaxAgeMs });
}

/**
 * Development's "Shock prices": moves the simulated feed's prices by the given percentages for
 * good, records the new prices at once and runs a health pass. Null when the feed is not the
 * simulation (a real feed cannot be shocked).
 */
export async function shockSimulatedPrices(changePct: { BTC?: number; STX?: number }) {
  const feed = getPriceFeed();
  if (!isSimulatedFeed(feed)) return null;
  feed.shock(changePct);
  const { db } = await getDatabase();
  const prices = await recordMarketSnapshot(db, feed);
  return { prices, health: await runHealthMonitor() };
}
