import type { ContractCall, ContractIds } from '@bithedge/contracts';
import { toPlain } from '@bithedge/contracts';
import type { LocalChain, SubmittedCall } from '@bithedge/contracts/local-chain';
import {
  broadcastTransaction,
  Cl,
  type ClarityValue,
  fetchCallReadOnlyFunction,
  fetchNonce,
  getAddressFromPrivateKey,
  makeContractCall,
} from '@stacks/transactions';

export type OnchainPolicyStatus = 'active' | 'expired' | 'exercised';

/**
 * What the vault operator needs of the chain: a few reads of the contracts' state and a way to
 * send calls signed by the operator key. The local chain in development and tests; a Stacks node
 * in a deployment.
 */
export interface VaultChain {
  readonly source: string;
  burnBlockHeight(): Promise<number>;
  policyStatus(policyId: bigint): Promise<OnchainPolicyStatus | null>;
  /** Sends an operator call; `ok` is known at once on the local chain, later on a real one. */
  submit(call: ContractCall): Promise<{ txId: string; ok: boolean | null; result: string }>;
}

/** Reads the registry's state through any read-only caller. */
export function contractReads(
  ids: ContractIds,
  read: (contract: string, fn: string, args: ClarityValue[]) => Promise<ClarityValue>,
): Pick<VaultChain, 'policyStatus'> {
  return {
    async policyStatus(policyId) {
      const value = toPlain(await read(ids.registry, 'get-policy', [Cl.uint(policyId)])) as {
        status?: string;
      } | null;
      const status = value?.status;
      return status === 'active' || status === 'expired' || status === 'exercised' ? status : null;
    },
  };
}

/**
 * The in-app local chain as the operator sees it: calls run as the deployer (the devnet
 * operator), and each mined block is handed to `deliver` — the same ingestion a Chainhook
 * delivery goes through.
 */
export function localVaultChain(
  chain: LocalChain,
  ids: ContractIds,
  operator: string,
  deliver: (submitted: SubmittedCall) => Promise<unknown>,
): VaultChain {
  return {
    source: 'local-chain',
    burnBlockHeight: async () => chain.burnBlockHeight,
    ...contractReads(ids, async (contract, fn, args) => chain.readOnly(contract, fn, args)),
    async submit(call) {
      const submitted = chain.runAs(call, operator);
      await deliver(submitted);
      const violations = submitted.postConditionViolations;
      return violations.length > 0
        ? { txId: submitted.txid, ok: false, result: `post-conditions violated: ${violations.join('; ')}` }
        : { txId: submitted.txid, ok: submitted.ok, result: submitted.result };
    },
  };
}

export interface StacksVaultChainOptions {
  ids: ContractIds;
  network: 'mainnet' | 'testnet';
  /** A Stacks node or the Hiro API, e.g. `https://api.hiro.so`. */
  baseUrl: string;
  /** The operator's private key (hex): it signs every operator call. */
  operatorKey: string;
  /** The fee each operator call offers, in micro-STX. */
  feeMicroStx?: bigint;
  clock: { burnBlockHeight(): Promise<number> };
  fetch?: typeof fetch;
}

/**
 * The vault on a real Stacks network: reads through the node's read-only endpoint, calls signed
 * with the operator key and broadcast. Results arrive later, through the Chainhook webhook.
 */
export function stacksVaultChain(options: StacksVaultChainOptions): VaultChain {
  const client = { baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const operator = getAddressFromPrivateKey(options.operatorKey, options.network);
  const split = (contract: string) => {
    const [contractAddress = '', contractName = ''] = contract.split('.');
    return { contractAddress, contractName };
  };
  return {
    source: 'stacks-node',
    burnBlockHeight: () => options.clock.burnBlockHeight(),
    ...contractReads(options.ids, (contract, functionName, functionArgs) =>
      fetchCallReadOnlyFunction({
        ...split(contract),
        functionName,
        functionArgs,
        senderAddress: operator,
        network: options.network,
        client,
      }),
    ),
    async submit(call) {
      const nonce = await fetchNonce({ address: operator, network: options.network, client });
      const transaction = await makeContractCall({
        ...split(call.contract),
        functionName: call.functionName,
        functionArgs: call.functionArgs,
        postConditionMode: 'deny',
        postConditions: call.postConditions,
        senderKey: options.operatorKey,
        network: options.network,
        nonce,
        fee: options.feeMicroStx ?? 10_000n,
        client,
      });
      const sent = await broadcastTransaction({ transaction, network: options.network, client });
      return 'error' in sent
        ? { txId: transaction.txid(), ok: false, result: `${sent.error}: ${sent.reason ?? ''}`.trim() }
        : { txId: sent.txid, ok: null, result: 'broadcast' };
    },
  };
}
