import type { ContractIds } from '@bithedge/contracts';
import type { Database } from '@bithedge/db';
import type { ChainClock } from '../../adapters/chain-clock';
import type { PriceFeed } from '../../adapters/price-feed';
import type { VaultChain } from '../../adapters/vault-chain';
import { purgeExpiredAuth } from '../auth';
import { operateVault } from '../chain';
import { monitorHealth } from '../health';
import { snapshotPool } from '../liquidity';
import { recordMarketSnapshot } from '../market';
import { distributeDuePremiums } from '../policies';
import { expireQuotes } from '../quotes';

/** What a cron step may use. */
export interface CronDeps {
  db: Database;
  priceFeed: PriceFeed;
  now: Date;
  /** The chain the operator acts on; null when no operator key is configured. */
  vault: { chain: VaultChain; ids: ContractIds } | null;
  /** Settlement and the health monitor refuse prices older than this, like quoting. */
  maxPriceAgeMs: number;
  /** The chain's Bitcoin (burn) height, which premium shares come due at (as policies expire at). */
  chain: ChainClock;
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
  'monitor-health': ({ db, now, maxPriceAgeMs }) => monitorHealth(db, { now, maxPriceAgeMs }),
  'distribute-premiums': async ({ db, now, chain }) =>
    distributeDuePremiums(db, { burnHeight: await chain.burnBlockHeight(), now }),
  'snapshot-pool': ({ db, now }) => snapshotPool(db, now),
  'operate-vault': async ({ db, vault, now, maxPriceAgeMs }) =>
    vault
      ? { ...(await operateVault(db, vault.chain, { ids: vault.ids, maxPriceAgeMs, now })) }
      : { skipped: 'no vault operator is configured (OPERATOR_PRIVATE_KEY, or LOCAL_CHAIN in development)' },
} satisfies Record<string, CronStep>;

export type CronStepName = keyof typeof CRON_STEPS;

export function isCronStep(name: string): name is CronStepName {
  return Object.hasOwn(CRON_STEPS, name);
}
