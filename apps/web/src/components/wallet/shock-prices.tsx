'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatUsd } from '@/lib/format';
import { DEV_BANNER_BUTTON, DEV_BANNER_SELECT } from './dev-banner-styles';

/** Price moves a developer can apply to the simulated feed, to walk health through its states. */
const SHOCKS = [
  { id: 'stx-30', label: 'STX −30%', body: { stxChangePct: -30 } },
  { id: 'stx-10', label: 'STX −10%', body: { stxChangePct: -10 } },
  { id: 'stx+30', label: 'STX +30%', body: { stxChangePct: 30 } },
  { id: 'btc-30', label: 'BTC −30%', body: { btcChangePct: -30 } },
  { id: 'btc+30', label: 'BTC +30%', body: { btcChangePct: 30 } },
] as const;

/**
 * Development only: "Shock prices" moves the simulated prices for good (POST /api/local-chain/
 * shock), records them and runs a health pass, so Warning → MarginCall → top-up can be seen by hand.
 */
export function ShockPricesControl() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [shock, setShock] = useState<(typeof SHOCKS)[number]['id']>('stx-30');
  const [state, setState] = useState<{ busy: boolean; message?: string }>({ busy: false });
  const apply = async () => {
    const chosen = SHOCKS.find((s) => s.id === shock)!;
    setState({ busy: true });
    try {
      const response = await fetch('/api/local-chain/shock', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(chosen.body),
      });
      const body = (await response.json()) as { prices?: { STX: string; BTC: string }; error?: string };
      if (!response.ok || !body.prices) throw new Error(body.error ?? `HTTP ${response.status}`);
      const usd = (units: string) => formatUsd(BigInt(units), 4);
      setState({ busy: false, message: `STX ${usd(body.prices.STX)}, BTC ${usd(body.prices.BTC)}` });
      // Every price-dependent figure on screen (quotes, health, pool) is stale now.
      void queryClient.invalidateQueries();
      router.refresh();
    } catch (error) {
      setState({ busy: false, message: `Shock failed: ${(error as Error).message}` });
    }
  };
  return (
    <span className="flex items-center gap-2">
      <label className="flex items-center gap-1">
        <span className="sr-only">Price shock</span>
        <select
          className={DEV_BANNER_SELECT}
          value={shock}
          onChange={(e) => setShock(e.target.value as typeof shock)}
          data-testid="shock-choice"
        >
          {SHOCKS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={state.busy} onClick={apply} className={DEV_BANNER_BUTTON}>
        {state.busy ? 'Shocking…' : 'Shock prices'}
      </button>
      <span role="status" className="tabular-nums">
        {state.message ?? ''}
      </span>
    </span>
  );
}
