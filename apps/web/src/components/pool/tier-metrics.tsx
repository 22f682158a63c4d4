'use client';
import type { TokenTierMetrics } from '@bithedge/api';
import { useQuery } from '@tanstack/react-query';
import { Card, CardTitle } from '@/components/ui/card';
import { type Column, DataTable } from '@/components/ui/data-table';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { formatBps, formatToken, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { TIER_LABEL, TIER_ORDER } from './tier-label';

type TierRow = TokenTierMetrics['tiers'][number];

/** Per token, every tier's capital, use, policies, premiums, yield and capacity left. */
export function TierMetrics() {
  const trpc = useTRPC();
  const tiers = useQuery(trpc.pool.tiers.queryOptions());
  if (tiers.isPending) return <LoadingCards count={2} label="Loading tier metrics" />;
  if (tiers.isError)
    return (
      <ErrorPanel
        title="Tier metrics are unavailable"
        message={tiers.error.message}
        onRetry={() => tiers.refetch()}
      />
    );
  return (
    <div className="space-y-section">
      {tiers.data.map((token) => (
        <TokenTiers key={token.token} token={token} />
      ))}
    </div>
  );
}

// Secondary columns drop off on a phone; the table scrolls sideways for the rest.
const WIDE = 'hidden md:table-cell';

function columns(token: TokenTierMetrics): Column<TierRow>[] {
  const amount = (v: bigint) => formatToken(v, token.token);
  // Premiums are micro-STX whatever the capital (the registry collects STX).
  const premium = (v: bigint) => formatToken(v, 'STX');
  return [
    {
      key: 'tier',
      header: 'Tier',
      rowHeader: true,
      sortValue: (t) => TIER_ORDER.indexOf(t.tier),
      cell: (t) => TIER_LABEL[t.tier],
    },
    {
      key: 'capital',
      header: 'Capital',
      align: 'right',
      sortValue: (t) => t.capital,
      cell: (t) => amount(t.capital),
    },
    {
      key: 'locked',
      header: 'Locked',
      align: 'right',
      className: WIDE,
      sortValue: (t) => t.locked,
      cell: (t) => amount(t.locked),
    },
    {
      key: 'utilization',
      header: 'Utilization',
      align: 'right',
      sortValue: (t) => t.utilizationBps,
      cell: (t) => formatBps(t.utilizationBps),
    },
    {
      key: 'providers',
      header: 'Providers',
      align: 'right',
      className: WIDE,
      sortValue: (t) => t.providerCount,
      cell: (t) => t.providerCount,
    },
    {
      key: 'policies',
      header: 'Active policies',
      align: 'right',
      sortValue: (t) => t.activePolicyCount,
      cell: (t) => t.activePolicyCount,
    },
    {
      key: 'premiums',
      header: 'Premiums earned',
      align: 'right',
      className: WIDE,
      sortValue: (t) => t.premiumsEarned,
      cell: (t) => (
        <>
          {premium(t.premiumsEarned)}
          {t.premiumsPending > 0n ? (
            <span className="block text-xs text-slate-500">+{premium(t.premiumsPending)} pending</span>
          ) : null}
        </>
      ),
    },
    {
      key: 'yield',
      header: 'Realized yield',
      align: 'right',
      sortValue: (t) => t.realizedYieldBps,
      cell: (t) => formatBps(t.realizedYieldBps),
    },
    {
      key: 'capacity',
      header: 'Capacity left',
      align: 'right',
      sortValue: (t) => t.capacityLeft,
      cell: (t) => (
        <>
          {formatToken(t.capacityLeft, token.token, 0)}
          <span className="block text-xs text-slate-500">
            of {formatToken(t.capacityLimit, token.token, 0)}
          </span>
        </>
      ),
    },
  ];
}

function TokenTiers({ token }: { token: TokenTierMetrics }) {
  const label = TOKEN_META[token.token].label;
  const headingId = `tiers-${token.token}`;
  return (
    <Card as="section" aria-labelledby={headingId} className="min-w-0" data-testid={`tiers-${token.token}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <CardTitle id={headingId}>{label} tiers</CardTitle>
        <span className="text-sm text-slate-500">
          {token.activePolicyCount} active {token.activePolicyCount === 1 ? 'policy' : 'policies'} ·{' '}
          {formatToken(token.premiumsEarned, 'STX')} premiums earned
        </span>
      </div>
      <DataTable
        className="mt-4"
        caption={`${label} metrics by risk tier`}
        columns={columns(token)}
        rows={token.tiers}
        rowKey={(t) => t.tier}
      />
      <p className="mt-3 text-xs text-slate-500">
        Realized yield: premiums distributed to the tier’s providers ÷ its capital, annualized over the time
        since its first deposit. Premiums are paid in STX; an sBTC tier’s are the shares of the CALLs its sBTC
        backs, valued in sats at today’s prices for its yield. Capacity left: the tier’s cap minus deposits
        net of withdrawals, what the vault enforces.
      </p>
    </Card>
  );
}
