import 'server-only';
import { distributeDuePremiums } from '@bithedge/api';
import { getDatabase } from './db';
import { getQuotingContext } from './quoting';

const store = globalThis as typeof globalThis & { __bithedgePremiums?: Promise<unknown> };

/**
 * One `distribute-premiums` pass in this process at the chain's current burn height (passes never
 * overlap: a caller arriving during one waits for it), for the local chain's routes: after each
 * local-chain call and mined blocks, so shares that came due show at once. On schedule it is
 * the `distribute-premiums` cron step.
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
