/** The Stacks networks the contracts live on; devnet is the local chain (Clarinet's, or the simnet). */
export const NETWORKS = ['mainnet', 'testnet', 'devnet'] as const;
export type Network = (typeof NETWORKS)[number];

export const CONTRACT_NAMES = {
  vault: 'liquidity-pool-vault',
  registry: 'policy-registry',
  mockSbtc: 'mock-sbtc',
} as const;

/**
 * The real sBTC token contracts; devnet uses the project's `mock-sbtc`. Testnet: the canonical
 * sBTC of the PoX-5 testnet (stacks-network/docs#1881, Aug 2026), deployed by the sBTC signers
 * with the mainnet contract's code. `ST1F7QA2…KA9TVGWXT.sbtc-token`, which older docs and
 * Clarinet's requirement remapping still name, was a dummy SIP-010 of the previous testnet. The
 * vault takes this principal once (`set-sbtc-token` in the deployment plan), so it must be right.
 */
export const SBTC_CONTRACTS: Record<Exclude<Network, 'devnet'>, string> = {
  mainnet: 'SM3VDXK3WZZSA84XXFKAFAF15NNZX32CTSG82JFQ4.sbtc-token',
  testnet: 'SN3VMHXEN64ZZF71JQ5VESXDWTR301XTTXGF4J8F1.sbtc-token',
};

/** Clarinet's devnet deployer: where `clarinet` and the simnet deploy the project. */
export const DEVNET_DEPLOYER = 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM';

export interface ContractIds {
  vault: string;
  registry: string;
  sbtc: string;
}

/**
 * The contract ids for a network. Devnet's deployer is fixed; testnet and mainnet take the
 * address the contracts were deployed from (configuration, not a constant: nothing is deployed
 * there yet).
 */
export function contractIds(network: Network, deployer: string = DEVNET_DEPLOYER): ContractIds {
  if (network !== 'devnet' && deployer === DEVNET_DEPLOYER)
    throw new Error(`Give the ${network} deployer address: the devnet one holds nothing on ${network}`);
  return {
    vault: `${deployer}.${CONTRACT_NAMES.vault}`,
    registry: `${deployer}.${CONTRACT_NAMES.registry}`,
    sbtc: network === 'devnet' ? `${deployer}.${CONTRACT_NAMES.mockSbtc}` : SBTC_CONTRACTS[network],
  };
}

/**
 * The vault's owner: the address that deployed it (`CONTRACT-OWNER` is the deployment's
 * `tx-sender`), the one principal `set-tier-cap`, `set-operator` and the other owner calls accept.
 */
export function vaultOwner(ids: ContractIds): string {
  const [deployer = ''] = ids.vault.split('.');
  return deployer;
}

/**
 * The sBTC contract a vault must take deposits in, from the vault's own id: the devnet mock for
 * the devnet deployer, else the network's real sBTC (by the address version: SP/SM mainnet).
 * Ingestion checks an sBTC deposit's `token-contract` against it.
 */
export function expectedSbtcContract(vaultId: string): string {
  const [deployer = ''] = vaultId.split('.');
  if (deployer === DEVNET_DEPLOYER) return `${DEVNET_DEPLOYER}.${CONTRACT_NAMES.mockSbtc}`;
  return /^S[PM]/.test(deployer) ? SBTC_CONTRACTS.mainnet : SBTC_CONTRACTS.testnet;
}

/** The contracts whose `print` events the backend ingests: the vault and the registry. */
export function watchedContracts(ids: ContractIds): ReadonlySet<string> {
  return new Set([ids.vault, ids.registry]);
}
