'use client';
import { useQuery } from '@tanstack/react-query';
import { TIER_LABEL } from '@/components/pool/tier-label';
import { Card } from '@/components/ui/card';
import { type Column, DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { formatBps, formatUsd, shortAddress } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import type { RouterOutputs } from '@/trpc/types';
import { formatWhen } from './admin-format';
import { HealthBadge } from './health-badge';

type Row = RouterOutputs['admin']['providersAtRisk'][number];

const COLUMNS: Column<Row>[] = [
  {
    key: 'provider',
    header: 'Provider',
    rowHeader: true,
    cell: (r) => <span title={r.principal}>{shortAddress(r.principal)}</span>,
  },
  { key: 'status', header: 'Status', cell: (r) => <HealthBadge status={r.status} /> },
  {
    key: 'ratio',
    header: 'Ratio',
    align: 'right',
    sortValue: (r) => r.ratioBps ?? 0n,
    cell: (r) => (r.ratioBps === null ? '—' : formatBps(Number(r.ratioBps))),
  },
  {
    key: 'shortfall',
    header: 'Shortfall',
    align: 'right',
    sortValue: (r) => r.shortfallUsd,
    cell: (r) => <span className="font-medium text-danger-700">{formatUsd(r.shortfallUsd)}</span>,
  },
  {
    key: 'tier',
    header: 'Tier (warn / MC)',
    className: 'hidden md:table-cell',
    cell: (r) =>
      `${TIER_LABEL[r.tier as keyof typeof TIER_LABEL] ?? r.tier} (${formatBps(r.thresholds.warningThresholdBps)} / ${formatBps(r.thresholds.marginCallThresholdBps)})`,
  },
  {
    key: 'collateral',
    header: 'Collateral / requirement',
    align: 'right',
    className: 'hidden lg:table-cell',
    cell: (r) => `${formatUsd(r.collateralUsd)} / ${formatUsd(r.requirementUsd)}`,
  },
  {
    key: 'checked',
    header: 'Since',
    className: 'hidden sm:table-cell',
    cell: (r) => (r.changedAt ? formatWhen(r.changedAt) : '—'),
  },
];

/**
 * Providers the health monitor last found in Warning or MarginCall, worst first: their ratio and
 * the collateral value they lack to be healthy again.
 */
export function ProvidersAtRisk() {
  const trpc = useTRPC();
  const atRisk = useQuery(trpc.admin.providersAtRisk.queryOptions());
  const lastCheck = atRisk.data?.reduce<Date | null>(
    (latest, r) => (r.lastCheckAt && (!latest || r.lastCheckAt > latest) ? r.lastCheckAt : latest),
    null,
  );
  return (
    <section aria-labelledby="health-heading" className="space-y-stack">
      <div>
        <h2 id="health-heading" className="text-xl font-semibold text-slate-900">
          Health
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Providers in Warning or MarginCall at the last health check, worst ratio first. The shortfall is the
          collateral value missing to reach their tier's warning threshold.
          {lastCheck ? ` Last check: ${formatWhen(lastCheck)}.` : ''}
        </p>
      </div>
      {atRisk.isPending ? (
        <LoadingCards count={1} label="Loading providers at risk" />
      ) : atRisk.isError ? (
        <ErrorPanel
          title="Health is unavailable"
          message={atRisk.error.message}
          onRetry={() => atRisk.refetch()}
        />
      ) : atRisk.data.length === 0 ? (
        <EmptyState title="Every provider is healthy">
          No provider was below its tier's warning threshold at the last health check.
        </EmptyState>
      ) : (
        <Card>
          <DataTable
            caption="Providers in Warning or MarginCall"
            columns={COLUMNS}
            rows={atRisk.data}
            rowKey={(r) => r.principal}
            pageSize={20}
          />
        </Card>
      )}
    </section>
  );
}
