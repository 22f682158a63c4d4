import 'server-only';
import type { CronDeps } from '@bithedge/api';
import { getDatabase } from './db';
import { getEnv } from './env';
import { getPriceFeed } from './price-feed';
import { getQuotingContext } from './quoting';
import { getVaultChain, getVaultReader } from './vault-chain';

/** What every cron step runs with, the same for `/api/cron/<step>` and the in-process scheduler. */
export async function getCronDeps(now = new Date()): Promise<CronDeps> {
  return {
    db: (await getDatabase()).db,
    priceFeed: getPriceFeed(),
    now,
    vault: await getVaultChain(),
    vaultReader: await getVaultReader(),
    maxPriceAgeMs: getEnv().priceMaxAgeMs,
    chain: getQuotingContext().chain,
  };
}
