import 'server-only';
import {
  devnetAccount,
  localVaultChain,
  StacksNodeChainClock,
  stacksVaultChain,
  type VaultChain,
} from '@bithedge/api';
import { type ContractIds, contractIds } from '@bithedge/contracts';
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
