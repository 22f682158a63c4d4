import type { DevnetAccount } from '@bithedge/api/devnet';
import type { Network } from '@bithedge/contracts';
import { bytesToHex } from '@stacks/common';
import { hashMessage } from '@stacks/encryption';
import {
  deserializeCV,
  makeContractCall,
  Pc,
  PostConditionMode,
  signMessageHashRsv,
} from '@stacks/transactions';

interface RpcSuccess<T> {
  jsonrpc: '2.0';
  id: string;
  result: T;
}
interface RpcFailure {
  jsonrpc: '2.0';
  id: string;
  error: { code: number; message: string };
}
export type RpcResponse<T = unknown> = RpcSuccess<T> | RpcFailure;

/** The wallet-provider shape `@stacks/connect` calls: `request(method, params)` → JSON-RPC response. */
export interface DevWalletProvider {
  readonly isDevWallet: true;
  request(method: string, params?: unknown): Promise<RpcResponse>;
}

const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;

/**
 * A wallet backed by Clarinet's public devnet keys, for local development and end-to-end tests:
 * it answers the same JSON-RPC methods a browser wallet does, without asking anyone. It refuses
 * to exist on mainnet, where those keys would be anyone's.
 */
/** Where signed contract calls go: the app's local chain (`POST /api/local-chain/call`). */
export type Broadcast = (transactionHex: string) => Promise<{ txid: string }>;

interface CallContractParams {
  contract?: unknown;
  functionName?: unknown;
  functionArgs?: unknown;
  postConditions?: unknown;
  postConditionMode?: unknown;
}

const isHexList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string' && /^(0x)?[0-9a-fA-F]*$/.test(v));

/** Signs a contract call the way a wallet would (deny mode unless asked otherwise) and broadcasts it. */
async function callContract(params: CallContractParams, account: DevnetAccount, broadcast: Broadcast) {
  const { contract, functionName, functionArgs = [], postConditions = [], postConditionMode } = params;
  if (typeof contract !== 'string' || !/^S[A-Z0-9]+\.[a-zA-Z][a-zA-Z0-9-]*$/.test(contract))
    throw new RangeError('contract must be ADDRESS.contract-name');
  if (typeof functionName !== 'string' || functionName === '')
    throw new RangeError('functionName must be a string');
  if (!isHexList(functionArgs) || !isHexList(postConditions))
    throw new RangeError('functionArgs and postConditions must be serialized (hex) values');
  const [contractAddress, contractName] = contract.split('.') as [string, string];
  const transaction = await makeContractCall({
    contractAddress,
    contractName,
    functionName,
    functionArgs: functionArgs.map((hex) => deserializeCV(hex.replace(/^0x/, ''))),
    postConditions: postConditions.map((hex) => Pc.fromHex(hex.replace(/^0x/, ''))),
    postConditionMode: postConditionMode === 'allow' ? PostConditionMode.Allow : PostConditionMode.Deny,
    senderKey: account.privateKey,
    network: 'devnet',
    // The local chain charges nothing and does not track nonces; no node is asked for either.
    fee: 0,
    nonce: 0,
    validateWithAbi: false,
  });
  return broadcast(transaction.serialize());
}

export function createDevWalletProvider(
  network: Network,
  currentAccount: () => DevnetAccount,
  broadcast?: Broadcast,
): DevWalletProvider {
  if (network === 'mainnet') throw new Error('The dev wallet never runs on mainnet');
  return {
    isDevWallet: true,
    async request(method, params) {
      const id = crypto.randomUUID();
      const account = currentAccount();
      switch (method) {
        case 'getAddresses':
        case 'stx_getAddresses':
          return {
            jsonrpc: '2.0',
            id,
            result: {
              addresses: [{ symbol: 'STX', address: account.address, publicKey: account.publicKey }],
            },
          };
        case 'stx_signMessage': {
          const message = (params as { message?: unknown } | undefined)?.message;
          if (typeof message !== 'string')
            return {
              jsonrpc: '2.0',
              id,
              error: { code: INVALID_PARAMS, message: 'message must be a string' },
            };
          const signature = signMessageHashRsv({
            messageHash: bytesToHex(hashMessage(message)),
            privateKey: account.privateKey,
          });
          return { jsonrpc: '2.0', id, result: { signature, publicKey: account.publicKey } };
        }
        case 'stx_callContract': {
          if (!broadcast)
            return {
              jsonrpc: '2.0',
              id,
              error: { code: METHOD_NOT_FOUND, message: 'There is no local chain to send calls to' },
            };
          try {
            const result = await callContract((params ?? {}) as CallContractParams, account, broadcast);
            return { jsonrpc: '2.0', id, result: { txid: result.txid } };
          } catch (error) {
            return { jsonrpc: '2.0', id, error: { code: INVALID_PARAMS, message: (error as Error).message } };
          }
        }
        default:
          return {
            jsonrpc: '2.0',
            id,
            error: { code: METHOD_NOT_FOUND, message: `The dev wallet does not support ${method}` },
          };
      }
    },
  };
}
