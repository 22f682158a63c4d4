import 'server-only';
import {
  createQuoteInputCaches,
  createQuotingContext,
  devnetAccount,
  localChainClock,
  QuoteLogSampler,
  type QuoteSigner,
  type QuotingContext,
  SimulatedChainClock,
  StacksNodeChainClock,
} from '@bithedge/api';
import { CHAIN_IDS, contractIds } from '@bithedge/contracts';
import { type Env, getEnv } from './env';
import { getLocalChain } from './local-chain';

const store = globalThis as typeof globalThis & { __bithedgeQuoting?: QuotingContext };

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
