import type { Database } from '@bithedge/db';
import type { PriceFeed } from '../../adapters/price-feed';
import { purgeExpiredAuth } from '../auth';
import { recordMarketSnapshot } from '../market-data';
import { expireQuotes } from '../quotes';

/** What a cron step may use. */
export interface CronDeps {
  db: Database;
  priceFeed: PriceFeed;
  now: Date;
}

export type CronStep = (deps: CronDeps) => Promise<Record<string, unknown>>;

/**
 * The scheduled jobs, by the name in `/api/cron/<name>`. Each is idempotent and set-based, so a
 * scheduler that fires twice or late does no harm.
 */
export const CRON_STEPS = {
  'auth-cleanup': ({ db, now }) => purgeExpiredAuth(db, now),
  'expire-quotes': ({ db, now }) => expireQuotes(db, now),
  'market-data': ({ db, priceFeed }) => recordMarketSnapshot(db, priceFeed),
} satisfies Record<string, CronStep>;

export type CronStepName = keyof typeof CRON_STEPS;

export function isCronStep(name: string): name is CronStepName {
  return Object.hasOwn(CRON_STEPS, name);
}
