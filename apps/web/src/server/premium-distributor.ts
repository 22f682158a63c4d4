import 'server-only';
import { distributeDuePremiums } from '@bithedge/api';
import { getDatabase } from './db';
import { getEnv } from './env';
import { getQuotingContext } from './quoting';

const store = globalThis as typeof globalThis & {
  __bithedgePremiums?: Promise<unknown>;
  __bithedgePremiumTicker?: boolean;
};

/**
 * One `distribute-premiums` pass in this process at the chain's current burn height (passes never
 * overlap: a caller arriving during one waits for it). Deployments run it from the scheduler
 * (`/api/cron/distribute-premiums`); in development the server runs it itself.
 */
export function runPremiumDistribution(): Promise<unknown> {
  store.__bithedgePremiums ??= (async () => {
    try {
      const { db } = await getDatabase();
      const burnHeight = await getQuotingContext().chain.burnBlockHeight();
      return await distributeDuePremiums(db, { burnHeight, now: new Date() });
    } finally {
      store.__bithedgePremiums = undefined;
    }
  })();
  return store.__bithedgePremiums;
}

const PREMIUM_TICK_MS = 30_000;

/**
 * `pnpm dev` has no scheduler: with the local chain the server distributes due premium shares
 * itself, after every local-chain block and mined burn blocks (the local-chain route) and every
 * thirty seconds.
 */
export function startLocalPremiumDistribution(): void {
  if (!getEnv().localChain || store.__bithedgePremiumTicker) return;
  store.__bithedgePremiumTicker = true;
  setInterval(() => {
    runPremiumDistribution().catch((error: unknown) => console.error('premium distribution failed', error));
  }, PREMIUM_TICK_MS).unref();
}
