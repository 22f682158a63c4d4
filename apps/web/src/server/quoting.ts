import 'server-only';
import {
  createQuoteInputCaches,
  createQuotingContext,
  devnetAccount,
  localChainClock,
  QuoteLogSampler,
  type QuoteSigner,
  type QuotingContext,
  recordMarketSnapshot,
  SimulatedChainClock,
  StacksNodeChainClock,
} from '@bithedge/api';
import { CHAIN_IDS, contractIds } from '@bithedge/contracts';
import { getDatabase } from './db';
import { type Env, getEnv } from './env';
import { runHealthMonitor } from './health-monitor';
import { getLocalChain } from './local-chain';
import { getPriceFeed } from './price-feed';

const store = globalThis as typeof globalThis & {
  __bithedgeQuoting?: QuotingContext;
  __bithedgeTicker?: boolean;
};

/** One quoting context per server process: the log sampler's memory must outlive requests. */
export function getQuotingContext(): QuotingContext {
  const env = getEnv();
  store.__bithedgeQuoting ??= createQuotingContext({
    maxPriceAgeMs: env.priceMaxAgeMs,
    chain: env.localChain
      ? localChainClock(async () => {
          const chain = await getLocalChain();
          if (!chain) throw new Error('LOCAL_CHAIN is on but the local chain did not start');
          return chain;
        })
      : env.stacksApiUrl
        ? new StacksNodeChainClock({ baseUrl: env.stacksApiUrl })
        : new SimulatedChainClock(),
    logSampler: new QuoteLogSampler(),
    caches: createQuoteInputCaches(),
    signer: quoteSigner(),
  });
  return store.__bithedgeQuoting;
}

/**
 * The key quotes are signed with: `QUOTE_SIGNING_KEY` where one is configured (never the operator
 * key, M1: env.ts refuses that); on devnet the deployer's (the local chain's registry trusts it);
 * otherwise none, and buying is refused.
 */
export function quoteSigner(env: Env = getEnv()): QuoteSigner | null {
  // A signature names the registry it is for (L7): without its deployer nothing can be signed.
  if (env.quoteSigningKey && (env.stacksNetwork === 'devnet' || env.contractsDeployer))
    return {
      privateKey: env.quoteSigningKey,
      chainId: CHAIN_IDS[env.stacksNetwork],
      registryId: contractIds(env.stacksNetwork, env.contractsDeployer).registry,
    };
  if (env.stacksNetwork === 'devnet')
    return {
      privateKey: devnetAccount('deployer').privateKey,
      chainId: CHAIN_IDS.devnet,
      registryId: contractIds('devnet').registry,
    };
  return null;
}

const SIMULATED_TICK_MS = 60_000;

/**
 * With the simulated feed there is no scheduler in development, so the server records a snapshot
 * at start and every minute itself, each followed by a health pass. With Pyth, the `market-data`
 * and `monitor-health` cron steps do it.
 */
export async function startSimulatedMarketData(): Promise<void> {
  if (getEnv().priceFeed.kind !== 'simulated' || store.__bithedgeTicker) return;
  store.__bithedgeTicker = true;
  const record = async () => {
    const { db } = await getDatabase();
    await recordMarketSnapshot(db, getPriceFeed());
    // Every new price may move a provider's health (issue #15).
    await runHealthMonitor();
  };
  await record();
  setInterval(() => {
    record().catch((error: unknown) => console.error('simulated market data tick failed', error));
  }, SIMULATED_TICK_MS).unref();
}
