import 'server-only';
import {
  createQuoteInputCaches,
  createQuotingContext,
  devnetAccount,
  QuoteLogSampler,
  type QuoteSigner,
  type QuotingContext,
  recordMarketSnapshot,
  SimulatedChainClock,
  StacksNodeChainClock,
} from '@bithedge/api';
import { CHAIN_IDS } from '@bithedge/contracts';
import { getDatabase } from './db';
import { getEnv } from './env';
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
      ? {
          source: 'local-chain',
          burnBlockHeight: async () => {
            const chain = await getLocalChain();
            if (!chain) throw new Error('LOCAL_CHAIN is on but the local chain did not start');
            return chain.burnBlockHeight;
          },
          // Signed quotes expire by the simnet's own clock, not the server's.
          blockTime: async () => {
            const chain = await getLocalChain();
            if (!chain) throw new Error('LOCAL_CHAIN is on but the local chain did not start');
            return chain.blockTime;
          },
        }
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
 * The key quotes are signed with: the operator key where one is configured; on devnet the
 * deployer's (the local chain's registry trusts it); otherwise none, and buying is refused.
 */
function quoteSigner(): QuoteSigner | null {
  const env = getEnv();
  if (env.operatorPrivateKey)
    return { privateKey: env.operatorPrivateKey, chainId: CHAIN_IDS[env.stacksNetwork] };
  if (env.stacksNetwork === 'devnet')
    return { privateKey: devnetAccount('deployer').privateKey, chainId: CHAIN_IDS.devnet };
  return null;
}

const SIMULATED_TICK_MS = 60_000;

/**
 * With the simulated feed there is no scheduler in development, so the server records a snapshot
 * at start and every minute itself. With Pyth, the `market-data` cron step does it.
 */
export async function startSimulatedMarketData(): Promise<void> {
  if (getEnv().priceFeed.kind !== 'simulated' || store.__bithedgeTicker) return;
  store.__bithedgeTicker = true;
  const record = async () => {
    const { db } = await getDatabase();
    await recordMarketSnapshot(db, getPriceFeed());
  };
  await record();
  setInterval(() => {
    record().catch((error: unknown) => console.error('simulated market data tick failed', error));
  }, SIMULATED_TICK_MS).unref();
}
