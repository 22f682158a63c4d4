import type { ContractIds } from '@bithedge/contracts';
import type { Database } from '@bithedge/db';
import type { ChainClock } from '../../adapters/chain-clock';
import type { PriceFeed } from '../../adapters/price-feed';
import type { VaultChain, VaultTotalsReader } from '../../adapters/vault-chain';
import { purgeExpiredAuth } from '../auth';
import { checkReconciliation, operateVault } from '../chain';
import { monitorHealth } from '../health';
import { checkLedger } from '../ledger';
import { snapshotPool } from '../liquidity';
import { recordMarketSnapshot } from '../market';
import { distributeDuePremiums } from '../policies';
import { expireQuotes } from '../quotes';
import { pruneJobRuns } from './job-runs';

/** What a cron step may use. */
export interface CronDeps {
  db: Database;
  priceFeed: PriceFeed;
  now: Date;
  /** The chain the operator acts on; null when no operator key is configured. */
  vault: { chain: VaultChain; ids: ContractIds } | null;
  /**
   * Where reconciliation reads the vault's totals: the local chain, or a Stacks node where the
   * vault is deployed (no key needed); null when neither is configured.
   */
  vaultReader: VaultTotalsReader | null;
  /** Settlement and the health monitor refuse prices older than this, like quoting. */
  maxPriceAgeMs: number;
  /** The chain's Bitcoin (burn) height, which premium shares come due at (as policies expire at). */
  chain: ChainClock;
}

export type CronStep = (deps: CronDeps) => Promise<Record<string, unknown>>;

/** A scheduled step: what runs, when (five-field cron, UTC) and a line saying what it does. */
export interface CronStepSpec {
  run: CronStep;
  schedule: string;
  description: string;
}

const EVERY_MINUTE = '* * * * *';

/**
 * Every scheduled job, declared once, by the name in `/api/cron/<name>`. The same entries give
 * `apps/web/vercel.json`'s crons (a test keeps them equal) and the in-process scheduler's
 * timetable. Each step is idempotent and set-based, so a late or repeated run does no harm. The
 * order is the order the scheduler runs a minute's due steps in (prices before health).
 */
export const CRON_STEPS = {
  'market-data': {
    schedule: EVERY_MINUTE,
    description: 'records the price feed’s BTC and STX prices (quotes refuse stale ones)',
    run: ({ db, priceFeed }) => recordMarketSnapshot(db, priceFeed),
  },
  'monitor-health': {
    schedule: EVERY_MINUTE,
    description: 'recomputes providers’ collateral health and notifies status changes',
    run: ({ db, now, maxPriceAgeMs }) => monitorHealth(db, { now, maxPriceAgeMs }),
  },
  'operate-vault': {
    schedule: EVERY_MINUTE,
    description: 'the vault operator: premium credits, withdrawal allowances, settlement, outbox',
    run: async ({ db, vault, now, maxPriceAgeMs }) =>
      vault
        ? { ...(await operateVault(db, vault.chain, { ids: vault.ids, maxPriceAgeMs, now })) }
        : {
            skipped: 'no vault operator is configured (OPERATOR_PRIVATE_KEY, or LOCAL_CHAIN in development)',
          },
  },
  'distribute-premiums': {
    schedule: '*/5 * * * *',
    description: 'credits premium shares that came due at the chain’s burn height',
    run: async ({ db, now, chain }) =>
      distributeDuePremiums(db, { burnHeight: await chain.burnBlockHeight(), now }),
  },
  'snapshot-pool': {
    schedule: '*/5 * * * *',
    description: 'writes the current hour’s pool snapshot per token × tier (the hour keeps its latest)',
    run: ({ db, now }) => snapshotPool(db, now),
  },
  reconcile: {
    schedule: '*/10 * * * *',
    description: 'compares the vault’s totals with the mirror and the ledger; alerts admins on a mismatch',
    run: async ({ db, vaultReader }) =>
      vaultReader
        ? { ...(await checkReconciliation(db, vaultReader)) }
        : {
            skipped:
              'no chain to read the vault from (STACKS_API_URL and CONTRACTS_DEPLOYER, or LOCAL_CHAIN)',
          },
  },
  'verify-ledger': {
    schedule: '23 * * * *',
    description:
      'checks the ledger’s identities (balances replay from entries, capital adds up); alerts admins on a break',
    run: async ({ db }) => ({ ...(await checkLedger(db)) }),
  },
  'expire-quotes': {
    schedule: '*/15 * * * *',
    description: 'marks quotes past their validity EXPIRED',
    run: ({ db, now }) => expireQuotes(db, now),
  },
  'auth-cleanup': {
    schedule: '17 3 * * *',
    description: 'deletes expired sessions and spent sign-in nonces',
    run: ({ db, now }) => purgeExpiredAuth(db, now),
  },
  'prune-job-runs': {
    schedule: '41 3 * * *',
    description: 'deletes run records (job_runs) older than 30 days',
    run: ({ db, now }) => pruneJobRuns(db, now),
  },
} satisfies Record<string, CronStepSpec>;

export type CronStepName = keyof typeof CRON_STEPS;

export const CRON_STEP_NAMES = Object.keys(CRON_STEPS) as CronStepName[];

export function isCronStep(name: string): name is CronStepName {
  return Object.hasOwn(CRON_STEPS, name);
}

/** `vercel.json`'s `crons`: one entry per step, calling `/api/cron/<name>` on its schedule. */
export function vercelCrons(): { path: string; schedule: string }[] {
  return CRON_STEP_NAMES.map((name) => ({ path: `/api/cron/${name}`, schedule: CRON_STEPS[name].schedule }));
}
