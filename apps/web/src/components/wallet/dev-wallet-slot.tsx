'use client';
import type { Network } from '@bithedge/contracts';
import { type ComponentType, useEffect, useState } from 'react';
import { expectDevWallet } from '@/wallet/dev-wallet-ready';

type DevWalletProps = { network: Network; localChain: boolean };

/**
 * Its own chunk, loaded only when the server enables the dev wallet: the demo keys never reach
 * the browser of a deployment that did not ask for them. A plain `import()` after mount (what
 * `next/dynamic` with `ssr: false` does) keeps next/dynamic's loader out of every page's first load.
 */
export function DevWalletSlot({ enabled, network, localChain }: DevWalletProps & { enabled: boolean }) {
  const [DevWallet, setDevWallet] = useState<ComponentType<DevWalletProps> | null>(null);
  useEffect(() => {
    if (!enabled) return;
    // Before the chunk loads: a Connect click meanwhile waits for the dev wallet (dev-wallet-ready).
    // Passive effects of the hydrating render run before React handles the first click.
    if (network !== 'mainnet') expectDevWallet();
    let mounted = true;
    void import('./dev-wallet').then((module) => {
      if (mounted) setDevWallet(() => module.default);
    });
    return () => {
      mounted = false;
    };
  }, [enabled, network]);
  return enabled && DevWallet ? <DevWallet network={network} localChain={localChain} /> : null;
}
