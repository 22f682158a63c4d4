'use client';
import { type HealthStatus, STATUS_LABEL, STATUS_TONE } from '@/components/health/health-text';
import { Badge } from '@/components/ui/badge';
import { type Column, DataTable } from '@/components/ui/data-table';
import { StatList } from '@/components/ui/stat-list';
import { cn } from '@/lib/cn';
import { formatUsd } from '@/lib/format';
import { TIER_LABEL, TIER_ORDER } from '../tier-label';
import type { StressFigures, StressTestResult } from './stress-view';

type TierFigures = StressTestResult['tiers'][number];

const STATUSES: readonly HealthStatus[] = ['healthy', 'warning', 'margin_call'];

/** A loss in the danger colour, so a negative LP net or any shortfall stands out. */
function Usd({ value, bad }: { value: bigint; bad?: boolean }) {
  return <span className={cn(bad && 'text-danger-700')}>{formatUsd(value)}</span>;
}

/** How many providers are in each health status, as badges; statuses nobody is in are left out. */
export function ProvidersByStatus({ providers }: { providers: StressFigures['providers'] }) {
  const shown = STATUSES.filter((s) => providers[s] > 0);
  if (shown.length === 0) return <span className="text-slate-500">None</span>;
  return (
    <span className="inline-flex flex-wrap justify-end gap-1.5">
      {shown.map((status) => (
        <Badge key={status} tone={STATUS_TONE[status]}>
          {providers[status]} {STATUS_LABEL[status]}
        </Badge>
      ))}
    </span>
  );
}

/** The pool's headline figures at the scenario. */
export function PoolStressStats({ pool, className }: { pool: StressFigures; className?: string }) {
  return (
    <StatList
      className={className}
      layout="grid"
      columns={3}
      emphasis
      testId="pool-stress"
      stats={[
        {
          term: 'Payouts',
          value: formatUsd(pool.payoutsUsd),
          hint: 'capped by each policy’s locked collateral',
          testId: 'pool-payouts',
        },
        {
          term: 'Shortfall',
          value: <Usd value={pool.shortfallUsd} bad={pool.shortfallUsd > 0n} />,
          hint: 'owed to buyers beyond the collateral',
          testId: 'pool-shortfall',
        },
        {
          term: 'LP net',
          value: <Usd value={pool.lpNetUsd} bad={pool.lpNetUsd < 0n} />,
          hint: `${formatUsd(pool.premiumsUsd)} premiums − payouts`,
          testId: 'pool-lp-net',
        },
        {
          term: 'Collateral value',
          value: formatUsd(pool.collateralUsd),
          hint: 'providers’ capital at these prices',
          testId: 'pool-collateral',
        },
        {
          term: 'Requirement',
          value: formatUsd(pool.requirementUsd),
          hint: 'providers’ shares of the maximum payouts',
          testId: 'pool-requirement',
        },
        {
          term: 'Providers',
          value: <ProvidersByStatus providers={pool.providers} />,
          hint: 'health at these prices',
          testId: 'pool-providers',
        },
      ]}
    />
  );
}

/** Seven columns scroll sideways on a phone: keep each figure on one line, apart from the next. */
const FIGURE_CELL = 'whitespace-nowrap pl-4';

const money = (
  key: string,
  header: string,
  value: (t: TierFigures) => bigint,
  bad?: (v: bigint) => boolean,
): Column<TierFigures> => ({
  key,
  header,
  align: 'right',
  className: FIGURE_CELL,
  sortValue: value,
  cell: (t) => <Usd value={value(t)} bad={bad?.(value(t))} />,
});

const TIER_COLUMNS: readonly Column<TierFigures>[] = [
  {
    key: 'tier',
    header: 'Tier',
    rowHeader: true,
    sortValue: (t) => TIER_ORDER.indexOf(t.tier),
    cell: (t) => TIER_LABEL[t.tier],
  },
  {
    key: 'providers',
    header: 'Providers',
    align: 'right',
    className: FIGURE_CELL,
    // Sorted by how many are at risk (warning or margin call): what a stress test looks for.
    sortValue: (t) => t.providers.warning + t.providers.margin_call,
    cell: (t) => <ProvidersByStatus providers={t.providers} />,
  },
  money('requirement', 'Requirement', (t) => t.requirementUsd),
  money('collateral', 'Collateral', (t) => t.collateralUsd),
  money('payouts', 'Payouts', (t) => t.payoutsUsd),
  money(
    'shortfall',
    'Shortfall',
    (t) => t.shortfallUsd,
    (v) => v > 0n,
  ),
  money(
    'lp-net',
    'LP net',
    (t) => t.lpNetUsd,
    (v) => v < 0n,
  ),
];

/** The scenario per risk tier: each tier's providers, and its share of payouts and shortfall. */
export function TierStressTable({ tiers }: { tiers: readonly TierFigures[] }) {
  return (
    <DataTable
      caption="Stress test by risk tier"
      columns={TIER_COLUMNS}
      rows={tiers}
      rowKey={(t) => t.tier}
    />
  );
}
