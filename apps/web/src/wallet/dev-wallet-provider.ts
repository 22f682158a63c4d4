import type { DevnetAccount } from '@bithedge/api/devnet';
import { bytesToHex } from '@stacks/common';
import { hashMessage } from '@stacks/encryption';
import { signMessageHashRsv } from '@stacks/transactions';

export type StacksNetworkName = 'mainnet' | 'testnet' | 'devnet';

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
export function createDevWalletProvider(
  network: StacksNetworkName,
  currentAccount: () => DevnetAccount,
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
