import 'server-only';
import {
  devnetAccount,
  localVaultChain,
  type OperatorReport,
  operateVault,
  StacksNodeChainClock,
  stacksVaultChain,
  stacksVaultReader,
  type VaultChain,
  type VaultTotalsReader,
} from '@bithedge/api';
import { type ContractIds, contractIds } from '@bithedge/contracts';
import { getDatabase } from './db';
import { getEnv } from './env';
import { deliverLocalCall, getLocalChain } from './local-chain';

/**
 * The chain the vault operator acts on: the in-app local chain in development (the devnet
 * deployer is its operator, and each block goes straight to ingestion), a Stacks node when an
 * operator key is configured, else none (the `operate-vault` step then says so).
 */
export async function getVaultChain(): Promise<{ chain: VaultChain; ids: ContractIds } | null> {
  const env = getEnv();
  const local = getLocalChain();
  if (local) {
    const ids = contractIds('devnet');
    return {
      chain: localVaultChain(await local, ids, devnetAccount('deployer').address, deliverLocalCall),
      ids,
    };
  }
  if (!env.operatorPrivateKey || !env.stacksApiUrl || env.stacksNetwork === 'devnet') return null;
  const ids = contractIds(env.stacksNetwork, env.contractsDeployer);
  return {
    chain: stacksVaultChain({
      ids,
      network: env.stacksNetwork,
      baseUrl: env.stacksApiUrl,
      operatorKey: env.operatorPrivateKey,
      clock: new StacksNodeChainClock({ baseUrl: env.stacksApiUrl }),
    }),
    ids,
  };
}

/**
 * Where the `reconcile` step reads the vault's totals: the local chain in development, else a
 * Stacks node where the vault is deployed (reads need no key, so a deployment without an
 * operator key still reconciles); null when neither is configured (the step says so).
 */
export async function getVaultReader(): Promise<VaultTotalsReader | null> {
  const env = getEnv();
  const local = getLocalChain();
  if (local)
    return localVaultChain(
      await local,
      contractIds('devnet'),
      devnetAccount('deployer').address,
      deliverLocalCall,
    );
  if (!env.stacksApiUrl || env.stacksNetwork === 'devnet' || !env.contractsDeployer) return null;
  return stacksVaultReader({
    ids: contractIds(env.stacksNetwork, env.contractsDeployer),
    baseUrl: env.stacksApiUrl,
  });
}

const store = globalThis as typeof globalThis & { __bithedgeOperator?: Promise<OperatorReport | null> };

/**
 * One operator pass over the configured chain; passes in this process never overlap (a caller
 * arriving during one gets that one's report).
 */
export function runOperatorPass(): Promise<OperatorReport | null> {
  store.__bithedgeOperator ??= (async () => {
    try {
      const vault = await getVaultChain();
      if (!vault) return null;
      const { db } = await getDatabase();
      return await operateVault(db, vault.chain, {
        ids: vault.ids,
        maxPriceAgeMs: getEnv().priceMaxAgeMs,
        now: new Date(),
      });
    } finally {
      store.__bithedgeOperator = undefined;
    }
  })();
  return store.__bithedgeOperator;
}

const LOCAL_OPERATOR_TICK_MS = 2_000;

/**
 * With the local chain the operator also runs every two seconds, beside the scheduled
 * `operate-vault` step (every minute): a real chain takes a block to confirm anything, the local
 * chain answers at once, and the sandbox's flows (a withdrawal authorized within seconds) expect
 * the operator to keep up with it. These passes are not recorded in `job_runs`.
 */
export function startLocalOperator(): void {
  const flag = globalThis as typeof globalThis & { __bithedgeOperatorTicker?: boolean };
  if (!getEnv().localChain || flag.__bithedgeOperatorTicker) return;
  flag.__bithedgeOperatorTicker = true;
  setInterval(() => {
    runOperatorPass().catch((error: unknown) => console.error('local operator pass failed', error));
  }, LOCAL_OPERATOR_TICK_MS).unref();
}
