'use client';
import type { PoolOverview, TokenOverview } from '@bithedge/api';
import { Card } from '@/components/ui/card';
import { type Column, DataTable } from '@/components/ui/data-table';
import { StatList } from '@/components/ui/stat-list';
import { formatBps, formatToken, TOKEN_META } from '@/lib/format';
import { TIER_LABEL, TIER_ORDER } from './tier-label';
import { UtilizationBar } from './utilization-bar';

type TierRow = TokenOverview['tiers'][number];

/**
 * The pool's figures per token. Takes the data as a prop, so the home page renders it from the
 * server (no client query layer there) and the pool page from its live query.
 */
export function PoolOverviewView({ overview, detail = false }: { overview: PoolOverview; detail?: boolean }) {
  return (
    <div className="grid gap-section md:grid-cols-2">
      {overview.tokens.map((token) => (
        <TokenCard key={token.token} token={token} detail={detail} />
      ))}
    </div>
  );
}

function tierColumns(token: TokenOverview, detail: boolean): Column<TierRow>[] {
  const columns: Column<TierRow>[] = [
    {
      key: 'tier',
      header: 'Tier',
      rowHeader: true,
      sortValue: (tier) => TIER_ORDER.indexOf(tier.tier),
      cell: (tier) => (
        <>
          {TIER_LABEL[tier.tier]}
          <span className="ml-2 text-xs font-normal text-slate-500">{tier.providerCount}</span>
        </>
      ),
    },
    {
      key: 'capital',
      header: 'Capital',
      align: 'right',
      sortValue: (tier) => tier.totalCapital,
      cell: (tier) => formatToken(tier.totalCapital, token.token),
    },
    {
      key: 'utilization',
      header: 'Utilization',
      align: 'right',
      sortValue: (tier) => tier.utilizationBps,
      cell: (tier) => (
        <div className="flex items-center justify-end gap-2">
          <span className="w-14">{formatBps(tier.utilizationBps)}</span>
          <div className="hidden w-20 sm:block">
            <UtilizationBar bps={tier.utilizationBps} label={`${TIER_LABEL[tier.tier]} tier utilization`} />
          </div>
        </div>
      ),
    },
  ];
  if (!detail) return columns;
  return [
    ...columns,
    {
      key: 'capacity',
      header: 'Capacity used',
      align: 'right',
      sortValue: (tier) => tier.capacityUsedBps,
      cell: (tier) => (
        <>
          {formatBps(tier.capacityUsedBps)}
          <span className="block text-xs text-slate-500">
            of {formatToken(tier.capacityLimit, token.token, 0)}
          </span>
        </>
      ),
    },
  ];
}

function TokenCard({ token, detail }: { token: TokenOverview; detail: boolean }) {
  const label = TOKEN_META[token.token].label;
  const headingId = `pool-${token.token}`;
  return (
    <Card
      as="section"
      aria-labelledby={headingId}
      data-testid={`pool-${token.token}`}
      // A grid item: without min-w-0 the tier table would widen the card past a phone's screen.
      className="min-w-0"
    >
      <div className="flex items-baseline justify-between">
        <h2 id={headingId} className="text-lg font-semibold">
          {label} pool
        </h2>
        <span className="text-sm text-slate-500">{token.providerCount} providers</span>
      </div>
      <StatList
        className="mt-4"
        layout="grid"
        emphasis
        stats={[
          {
            term: 'Total capital',
            value: formatToken(token.totalCapital, token.token),
            testId: 'total-capital',
          },
          { term: 'Locked as collateral', value: formatToken(token.locked, token.token), testId: 'locked' },
          { term: 'Available', value: formatToken(token.available, token.token), testId: 'available' },
          { term: 'Utilization', value: formatBps(token.utilizationBps), testId: 'utilization' },
        ]}
      />
      <div className="mt-4">
        <UtilizationBar bps={token.utilizationBps} label={`${label} pool utilization`} />
      </div>
      <DataTable
        className="mt-5"
        caption={`${label} capital by risk tier`}
        columns={tierColumns(token, detail)}
        rows={token.tiers}
        rowKey={(tier) => tier.tier}
      />
    </Card>
  );
}
