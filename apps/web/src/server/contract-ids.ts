import 'server-only';
import { type ContractIds, contractIds } from '@bithedge/contracts';
import { getEnv } from './env';

/** Where the vault and registry live on the configured network; null when that is not configured. */
export function configuredContractIds(): ContractIds | null {
  const env = getEnv();
  return env.stacksNetwork === 'devnet' || env.contractsDeployer
    ? contractIds(env.stacksNetwork, env.contractsDeployer)
    : null;
}
