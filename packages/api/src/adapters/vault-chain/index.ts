import type { ContractCall, ContractIds, Network } from '@bithedge/contracts';
import { toPlain } from '@bithedge/contracts';
import type { LocalChain, SubmittedCall } from '@bithedge/contracts/local-chain';
import type { Token } from '@bithedge/db';
import {
  broadcastTransaction,
  Cl,
  type ClarityValue,
  cvToHex,
  fetchCallReadOnlyFunction,
  fetchFeeEstimate,
  fetchNonce,
  getAddressFromPrivateKey,
  hexToCV,
  makeContractCall,
} from '@stacks/transactions';
import { z } from 'zod';

export type OnchainPolicyStatus = 'active' | 'expired' | 'exercised';

/** A sent transaction's fate, as the operator's outbox records it. */
export type TxState = 'PENDING' | 'CONFIRMED' | 'FAILED' | 'DROPPED';

export interface SentCall {
  txId: string;
  /** `true`/`false` when the outcome is known at once (the local chain), null while pending. */
  ok: boolean | null;
  result: string;
}

/**
 * What the vault operator needs of the chain: a few reads of the contracts' state and a way to
 * send calls signed by the operator key and follow them. The local chain in development and
 * tests; a Stacks node in a deployment.
 */
export interface VaultChain {
  readonly source: string;
  burnBlockHeight(): Promise<number>;
  /**
   * When the burn block at `height` was mined (its timestamp), or null when the chain cannot say
   * (the local chain's burn blocks carry synthetic times): settlement prices are taken from then.
   */
  burnBlockTime(height: number): Promise<Date | null>;
  policyStatus(policyId: bigint): Promise<OnchainPolicyStatus | null>;
  /** The provider's live withdrawal allowance, read from the vault (not from ingested events). */
  withdrawalAllowance(provider: string, token: Token): Promise<bigint>;
  /**
   * The operator account's next nonce, fetched once per pass and counted up locally for each
   * call it sends; null where the chain takes no nonce (the local chain).
   */
  nextNonce(): Promise<bigint | null>;
  /** Sends an operator call; `ok` is known at once on the local chain, later on a real one. */
  submit(call: ContractCall, options?: { nonce?: bigint }): Promise<SentCall>;
  /** Where a sent transaction stands now, with the chain's result or reason when it is final. */
  txStatus(txId: string): Promise<{ state: TxState; result: string }>;
}

/** The vault's own totals for a token, as its `get-totals` reports them. */
export interface VaultTotalsOnChain {
  balance: bigint;
  locked: bigint;
}

/**
 * What reconciliation needs of the chain: the vault's totals, read at a given block when the
 * chain can (so they are compared with the mirror as of the same block, not a later tip).
 */
export interface VaultTotalsReader {
  readonly source: string;
  vaultTotals(
    token: Token,
    at?: { blockHash: string },
  ): Promise<VaultTotalsOnChain & { atBlock: string | null }>;
}

function plainTotals(value: ClarityValue): VaultTotalsOnChain {
  const totals = toPlain(value) as { balance?: unknown; locked?: unknown } | null;
  if (typeof totals?.balance !== 'bigint' || typeof totals.locked !== 'bigint')
    throw new TypeError(`get-totals returned ${JSON.stringify(totals, (_k, v) => String(v))}`);
  return { balance: totals.balance, locked: totals.locked };
}

/** Reads the registry's and the vault's state through any read-only caller. */
export function contractReads(
  ids: ContractIds,
  read: (contract: string, fn: string, args: ClarityValue[]) => Promise<ClarityValue>,
): Pick<VaultChain, 'policyStatus' | 'withdrawalAllowance'> & Pick<VaultTotalsReader, 'vaultTotals'> {
  return {
    // The caller reads at its own tip (the local chain applies each block as it is mined).
    async vaultTotals(token) {
      return { ...plainTotals(await read(ids.vault, 'get-totals', [Cl.stringAscii(token)])), atBlock: null };
    },
    async policyStatus(policyId) {
      const value = toPlain(await read(ids.registry, 'get-policy', [Cl.uint(policyId)])) as {
        status?: string;
      } | null;
      const status = value?.status;
      return status === 'active' || status === 'expired' || status === 'exercised' ? status : null;
    },
    async withdrawalAllowance(provider, token) {
      const value = toPlain(
        await read(ids.vault, 'get-withdrawal-allowance', [Cl.principal(provider), Cl.stringAscii(token)]),
      );
      if (typeof value !== 'bigint')
        throw new TypeError(`get-withdrawal-allowance returned ${String(value)}`);
      return value;
    },
  };
}

/**
 * The in-app local chain as the operator sees it: calls run as the deployer (the devnet
 * operator), and each mined block is handed to `deliver` — the same ingestion a Chainhook
 * delivery goes through (a test may hold deliveries back to model a lagging Chainhook).
 */
export function localVaultChain(
  chain: LocalChain,
  ids: ContractIds,
  operator: string,
  deliver: (submitted: SubmittedCall) => Promise<unknown>,
): VaultChain & VaultTotalsReader {
  // The local chain mines each call at once: its outcome is final when `submit` returns.
  const outcomes = new Map<string, { state: TxState; result: string }>();
  return {
    source: 'local-chain',
    burnBlockHeight: async () => chain.burnBlockHeight,
    burnBlockTime: async () => null,
    ...contractReads(ids, async (contract, fn, args) => chain.readOnly(contract, fn, args)),
    nextNonce: async () => null,
    async submit(call) {
      const submitted = chain.runAs(call, operator);
      const violations = submitted.postConditionViolations;
      const sent =
        violations.length > 0
          ? { txId: submitted.txid, ok: false, result: `post-conditions violated: ${violations.join('; ')}` }
          : { txId: submitted.txid, ok: submitted.ok, result: submitted.result };
      outcomes.set(sent.txId, { state: sent.ok ? 'CONFIRMED' : 'FAILED', result: sent.result });
      await deliver(submitted);
      return sent;
    },
    txStatus: async (txId) => outcomes.get(txId) ?? { state: 'DROPPED', result: 'unknown transaction' },
  };
}

/** Fees (micro-STX) an operator call may offer: the node's estimate, kept within these bounds. */
export const OPERATOR_FEE_BOUNDS = { floor: 3_000n, cap: 500_000n } as const;

/** The estimate within [floor, cap]: never a zero fee that stalls, never a runaway one. */
export function boundedFee(estimate: bigint, bounds: { floor: bigint; cap: bigint } = OPERATOR_FEE_BOUNDS) {
  return estimate < bounds.floor ? bounds.floor : estimate > bounds.cap ? bounds.cap : estimate;
}

export interface StacksVaultChainOptions {
  ids: ContractIds;
  network: Exclude<Network, 'devnet'>;
  /** A Stacks node or the Hiro API, e.g. `https://api.hiro.so`. */
  baseUrl: string;
  /** The operator's private key (hex): it signs every operator call. */
  operatorKey: string;
  /** A fixed fee per call, in micro-STX; without it the node's estimate is used, bounded. */
  feeMicroStx?: bigint;
  feeBounds?: { floor: bigint; cap: bigint };
  clock: { burnBlockHeight(): Promise<number> };
  fetch?: typeof fetch;
}

/** The part of the API's `GET /extended/v1/tx/{txid}` the operator reads. */
const TxInfoSchema = z.object({
  tx_status: z.string(),
  tx_result: z.object({ repr: z.string() }).optional(),
});
const BurnBlockSchema = z.object({ burn_block_time: z.number().int().nonnegative() });

/** The API's `tx_status` as an outbox state. */
export function txStateOf(status: string): TxState {
  if (status === 'success') return 'CONFIRMED';
  if (status === 'pending') return 'PENDING';
  if (status.startsWith('dropped')) return 'DROPPED';
  return 'FAILED'; // abort_by_response, abort_by_post_condition
}

/**
 * The vault on a real Stacks network: reads through the node's read-only endpoint, calls signed
 * with the operator key (fee from the node's estimate, bounded; nonce as the operator counts it)
 * and broadcast. Results arrive later, through the Chainhook webhook and `txStatus`.
 */
export function stacksVaultChain(options: StacksVaultChainOptions): VaultChain & VaultTotalsReader {
  const client = { baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const fetcher = options.fetch ?? globalThis.fetch;
  const operator = getAddressFromPrivateKey(options.operatorKey, options.network);
  const split = (contract: string) => {
    const [contractAddress = '', contractName = ''] = contract.split('.');
    return { contractAddress, contractName };
  };
  const getJson = async (path: string): Promise<unknown | null> => {
    const response = await fetcher(new URL(path, options.baseUrl), { signal: AbortSignal.timeout(10_000) });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`Stacks API answered HTTP ${response.status} for ${path}`);
    return response.json();
  };
  const build = (call: ContractCall, nonce: bigint, fee: bigint) =>
    makeContractCall({
      ...split(call.contract),
      functionName: call.functionName,
      functionArgs: call.functionArgs,
      postConditionMode: 'deny',
      postConditions: call.postConditions,
      senderKey: options.operatorKey,
      network: options.network,
      nonce,
      fee,
      client,
    });
  return {
    source: 'stacks-node',
    burnBlockHeight: () => options.clock.burnBlockHeight(),
    async burnBlockTime(height) {
      const body = await getJson(`/extended/v2/burn-blocks/${height}`);
      if (body === null) return null;
      return new Date(BurnBlockSchema.parse(body).burn_block_time * 1000);
    },
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
    nextNonce: () => fetchNonce({ address: operator, network: options.network, client }),
    async submit(call, submitOptions) {
      const nonce =
        submitOptions?.nonce ?? (await fetchNonce({ address: operator, network: options.network, client }));
      let fee = options.feeMicroStx;
      if (fee === undefined) {
        // The estimate needs the transaction's size: a draft with no fee gives it.
        const estimate = await fetchFeeEstimate({
          transaction: await build(call, nonce, 0n),
          network: options.network,
          client,
        });
        fee = boundedFee(BigInt(estimate), options.feeBounds);
      }
      const transaction = await build(call, nonce, fee);
      const sent = await broadcastTransaction({ transaction, network: options.network, client });
      return 'error' in sent
        ? { txId: transaction.txid(), ok: false, result: `${sent.error}: ${sent.reason ?? ''}`.trim() }
        : { txId: sent.txid, ok: null, result: 'broadcast' };
    },
    async txStatus(txId) {
      const body = await getJson(`/extended/v1/tx/${txId.startsWith('0x') ? txId : `0x${txId}`}`);
      // A transaction the API has never seen (or forgot) left the mempool without being mined.
      if (body === null) return { state: 'DROPPED', result: 'unknown to the node' };
      const info = TxInfoSchema.parse(body);
      return { state: txStateOf(info.tx_status), result: info.tx_result?.repr ?? info.tx_status };
    },
  };
}

/** The part of the node's `POST /v2/contracts/call-read/...` answer the reader uses. */
const CallReadSchema = z.object({
  okay: z.boolean(),
  result: z.string().optional(),
  cause: z.string().optional(),
});

/**
 * The vault's totals from a Stacks node, with no key: reconciliation in a deployment needs only
 * the node (`STACKS_API_URL`) and where the vault is deployed. Read at the block ingestion last
 * applied when given (the node's `tip` parameter), so a Chainhook that lags a block behind the
 * node does not look like a mismatch; at the node's tip when the node does not know that block.
 */
export function stacksVaultReader(options: {
  ids: ContractIds;
  baseUrl: string;
  fetch?: typeof fetch;
}): VaultTotalsReader {
  const fetcher = options.fetch ?? globalThis.fetch;
  const [address = '', name = ''] = options.ids.vault.split('.');
  const call = async (token: Token, tip: string | null) => {
    const url = new URL(`/v2/contracts/call-read/${address}/${name}/get-totals`, options.baseUrl);
    if (tip) url.searchParams.set('tip', tip.replace(/^0x/, ''));
    return fetcher(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sender: address, arguments: [cvToHex(Cl.stringAscii(token))] }),
      signal: AbortSignal.timeout(10_000),
    });
  };
  return {
    source: 'stacks-node',
    async vaultTotals(token, at) {
      let atBlock = at?.blockHash ?? null;
      let response = await call(token, atBlock);
      // 404 (or 400 from nodes that reject the tip's form): the node does not know that block.
      if ((response.status === 404 || response.status === 400) && atBlock) {
        atBlock = null;
        response = await call(token, null);
      }
      if (!response.ok) throw new Error(`Stacks node answered HTTP ${response.status} for get-totals`);
      const body = CallReadSchema.parse(await response.json());
      if (!body.okay || !body.result)
        throw new Error(`get-totals failed on the node: ${body.cause ?? 'no result'}`);
      return { ...plainTotals(hexToCV(body.result)), atBlock };
    },
  };
}
