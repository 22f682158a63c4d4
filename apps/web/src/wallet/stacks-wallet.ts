'use client';
import type { ContractCall } from '@bithedge/contracts';
import type { StacksProvider } from '@stacks/connect';
import type { DevWalletProvider } from './dev-wallet-provider';
import { devWalletSettled } from './dev-wallet-ready';

/** Where the dev wallet puts itself, like extensions do (`window.LeatherProvider`). */
export const DEV_WALLET_ID = 'BitHedgeDevWallet';

declare global {
  interface Window {
    BitHedgeDevWallet?: DevWalletProvider;
  }
}

/**
 * The dev wallet as `@stacks/connect` sees it. Its responses are the JSON-RPC shapes connect
 * expects, built without importing connect's method tables (so it stays a small, tested module).
 */
async function activeDevWallet(): Promise<StacksProvider | undefined> {
  if (typeof window === 'undefined') return undefined;
  await devWalletSettled();
  return window.BitHedgeDevWallet as StacksProvider | undefined;
}

export interface WalletAccount {
  address: string;
  publicKey: string | undefined;
}

/**
 * Asks the wallet for its Stacks address: the dev wallet directly when it is active, otherwise
 * the `@stacks/connect` wallet picker (which remembers the choice for the signature request).
 */
export async function requestStacksAccount(): Promise<WalletAccount> {
  const { request } = await import('@stacks/connect');
  const devWallet = await activeDevWallet();
  const result = devWallet
    ? await request({ provider: devWallet }, 'getAddresses')
    : await request({ forceWalletSelect: true }, 'getAddresses');
  const stx = result.addresses.find((a) => a.address.startsWith('S'));
  if (!stx) throw new Error('The wallet returned no Stacks address');
  return { address: stx.address, publicKey: 'publicKey' in stx ? stx.publicKey : undefined };
}

/** Asks the same wallet to sign a plain-text message (`stx_signMessage`). */
export async function requestMessageSignature(
  message: string,
): Promise<{ signature: string; publicKey: string | undefined }> {
  const { request } = await import('@stacks/connect');
  const devWallet = await activeDevWallet();
  const result = devWallet
    ? await request({ provider: devWallet }, 'stx_signMessage', { message })
    : await request('stx_signMessage', { message });
  return { signature: result.signature, publicKey: result.publicKey };
}

/**
 * The contract-call builders (`depositCall`, `buyPolicyCall`, …). They serialize Clarity values
 * with `@stacks/transactions`, so, like `@stacks/connect` above, they are loaded when a wallet
 * action starts and stay out of every page's first load.
 */
export const loadContractCalls = () => import('@bithedge/contracts/calls');

/**
 * Asks the wallet to sign and send a contract call (`stx_callContract`); the parameters come from
 * the `@bithedge/contracts` builders, with deny-mode post-conditions.
 */
export async function requestContractCall(call: ContractCall): Promise<{ txid: string }> {
  const { request } = await import('@stacks/connect');
  const devWallet = await activeDevWallet();
  const params = {
    contract: call.contract,
    functionName: call.functionName,
    functionArgs: call.functionArgs,
    postConditions: call.postConditions,
    postConditionMode: call.postConditionMode,
  };
  const result = devWallet
    ? await request({ provider: devWallet }, 'stx_callContract', params)
    : await request('stx_callContract', params);
  if (!result.txid) throw new Error('The wallet did not return a transaction id');
  return { txid: result.txid };
}
