'use client';
import dynamic from 'next/dynamic';
import type { StacksNetworkName } from '@/wallet/dev-wallet-provider';

// Its own chunk, loaded only when the server enables the dev wallet: the demo keys never reach
// the browser of a deployment that did not ask for them.
const DevWallet = dynamic(() => import('./dev-wallet'), { ssr: false });

export function DevWalletSlot({
  enabled,
  network,
  localChain,
}: {
  enabled: boolean;
  network: StacksNetworkName;
  localChain: boolean;
}) {
  return enabled ? <DevWallet network={network} localChain={localChain} /> : null;
}
