'use client';
import type { Network } from '@bithedge/contracts';
import dynamic from 'next/dynamic';

// Its own chunk, loaded only when the server enables the dev wallet: the demo keys never reach
// the browser of a deployment that did not ask for them.
const DevWallet = dynamic(() => import('./dev-wallet'), { ssr: false });

export function DevWalletSlot({
  enabled,
  network,
  localChain,
}: {
  enabled: boolean;
  network: Network;
  localChain: boolean;
}) {
  return enabled ? <DevWallet network={network} localChain={localChain} /> : null;
}
