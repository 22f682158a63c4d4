'use client';
import { DEVNET_ACCOUNTS, type DevnetAccount } from '@bithedge/api/devnet';
import type { Network } from '@bithedge/contracts';
import { BLOCKS_PER_DAY } from '@bithedge/pricing';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { cn } from '@/lib/cn';
import { TRPCReactProvider } from '@/trpc/client';
import { createDevWalletProvider } from '@/wallet/dev-wallet-provider';
import { devWalletInstalled } from '@/wallet/dev-wallet-ready';
import { DEV_WALLET_ID } from '@/wallet/stacks-wallet';
import { DEV_BANNER_BUTTON, DEV_BANNER_SELECT } from './dev-banner-styles';
import { ShockPricesControl } from './shock-prices';

const STORAGE_KEY = 'bithedge.devWallet.account';
const ICON =
  'data:image/svg+xml;utf8,<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="6" fill="%23f59e0b"/></svg>';

/**
 * Installs the demo-key wallet on `window` (and announces it the WBIP004 way, so the
 * `@stacks/connect` picker lists it too) and shows a banner while it is active.
 */
/** Sends a signed transaction to the app's local chain. */
async function broadcastToLocalChain(transaction: string): Promise<{ txid: string }> {
  const response = await fetch('/api/local-chain/call', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transaction }),
  });
  const body = (await response.json()) as {
    txid?: string;
    ok?: boolean;
    result?: string;
    error?: string;
    postConditionViolations?: string[];
  };
  if (!response.ok || !body.txid)
    throw new Error(body.error ?? `The local chain answered HTTP ${response.status}`);
  if (!body.ok) throw new Error(`The contract refused the call: ${body.result}`);
  // A node would have aborted it; the simnet cannot, so say so loudly.
  if (body.postConditionViolations?.length)
    throw new Error(`Post-conditions violated: ${body.postConditionViolations.join('; ')}`);
  return { txid: body.txid };
}

/**
 * The banner sits in the root layout, outside the pages' query provider: it brings its own (the
 * browser's one query client), so its invalidations reach the page's queries.
 */
export default function DevWallet(props: { network: Network; localChain: boolean }) {
  return (
    <TRPCReactProvider>
      <DevWalletBanner {...props} />
    </TRPCReactProvider>
  );
}

function DevWalletBanner({ network, localChain }: { network: Network; localChain: boolean }) {
  const queryClient = useQueryClient();
  const [account, setAccount] = useState<DevnetAccount>(DEVNET_ACCOUNTS[1] ?? DEVNET_ACCOUNTS[0]);
  const accountRef = useRef(account);
  accountRef.current = account;

  useEffect(() => {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    const found = DEVNET_ACCOUNTS.find((a) => a.name === saved);
    if (found) setAccount(found);
  }, []);

  useEffect(() => {
    if (network === 'mainnet') return;
    window.BitHedgeDevWallet = createDevWalletProvider(
      network,
      () => accountRef.current,
      localChain ? broadcastToLocalChain : undefined,
    );
    const entry = { id: DEV_WALLET_ID, name: 'BitHedge dev wallet', icon: ICON, webUrl: 'http://localhost' };
    window.wbip_providers = [...(window.wbip_providers ?? []).filter((p) => p.id !== DEV_WALLET_ID), entry];
    devWalletInstalled();
    return () => {
      delete window.BitHedgeDevWallet;
      window.wbip_providers = (window.wbip_providers ?? []).filter((p) => p.id !== DEV_WALLET_ID);
    };
  }, [network, localChain]);

  if (network === 'mainnet')
    return (
      <div role="alert" className="bg-red-600 px-4 py-2 text-center text-sm font-semibold text-white">
        The dev wallet is configured but refuses to run on mainnet.
      </div>
    );

  return (
    <div
      className="border-b border-amber-300 bg-amber-100 px-4 py-1.5 text-amber-950"
      data-testid="dev-wallet-banner"
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 text-xs">
        <p>
          <strong className="font-semibold">Dev wallet active</strong> — public demo keys on {network}
          {localChain ? ', contract calls go to the in-app local chain' : ''}. Never use them with real funds.
        </p>
        {localChain ? <MineDayButton /> : null}
        {localChain ? <ShockPricesControl /> : null}
        <label className="flex items-center gap-2">
          <span>Account</span>
          <select
            className={cn(DEV_BANNER_SELECT, 'font-mono')}
            value={account.name}
            onChange={(event) => {
              const next = DEVNET_ACCOUNTS.find((a) => a.name === event.target.value);
              if (!next) return;
              window.localStorage.setItem(STORAGE_KEY, next.name);
              setAccount(next);
              void queryClient.invalidateQueries();
            }}
          >
            {DEVNET_ACCOUNTS.map((a) => (
              <option key={a.name} value={a.name}>
                {a.name} · {a.address.slice(0, 8)}…
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}

/**
 * Advances the local chain by a day of Bitcoin blocks (`BLOCKS_PER_DAY`), so policies reach their expiry; the
 * server then runs an operator pass, which settles them.
 */
function MineDayButton() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; height?: number; error?: string }>({ busy: false });
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        disabled={state.busy}
        onClick={async () => {
          setState({ busy: true });
          try {
            const response = await fetch('/api/local-chain/mine', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ burnBlocks: Number(BLOCKS_PER_DAY) }),
            });
            const body = (await response.json()) as { burnBlockHeight?: number; error?: string };
            if (!response.ok || body.burnBlockHeight === undefined)
              throw new Error(body.error ?? `HTTP ${response.status}`);
            setState({ busy: false, height: body.burnBlockHeight });
            void queryClient.invalidateQueries();
            // Server-rendered figures (the home page's pool overview) are stale too.
            router.refresh();
          } catch (error) {
            setState({ busy: false, error: (error as Error).message });
          }
        }}
        className={DEV_BANNER_BUTTON}
      >
        {state.busy ? 'Mining…' : 'Mine 1 day of blocks'}
      </button>
      <span role="status" className="tabular-nums">
        {state.error
          ? `Mining failed: ${state.error}`
          : state.height !== undefined
            ? `burn height ${state.height}`
            : ''}
      </span>
    </span>
  );
}
