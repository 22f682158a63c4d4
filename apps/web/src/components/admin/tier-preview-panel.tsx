'use client';
import { TIER_LABEL } from '@/components/pool/tier-label';
import { Badge } from '@/components/ui/badge';
import { type Column, DataTable } from '@/components/ui/data-table';
import { StatList } from '@/components/ui/stat-list';
import { formatBps, formatToken, shortAddress } from '@/lib/format';
import type { RouterOutputs } from '@/trpc/types';
import { HealthBadge } from './health-badge';

type Preview = RouterOutputs['admin']['previewTier'];
type Change = Preview['healthChanges'][number];

const COLUMNS: Column<Change>[] = [
  {
    key: 'provider',
    header: 'Provider',
    rowHeader: true,
    cell: (c) => <span title={c.principal}>{shortAddress(c.principal)}</span>,
  },
  {
    key: 'ratio',
    header: 'Ratio',
    align: 'right',
    cell: (c) => (c.ratioBps === null ? '—' : formatBps(Number(c.ratioBps))),
  },
  {
    key: 'status',
    header: 'Status',
    cell: (c) => (
      <span className="inline-flex flex-wrap items-center gap-1">
        <HealthBadge status={c.from} /> → <HealthBadge status={c.to} />
      </span>
    ),
  },
];

/** What a draft tier changes: providers whose health would move, and the capacity left. */
export function TierPreviewPanel({ preview }: { preview: Preview }) {
  const amount = (v: bigint) => formatToken(v, preview.token, 0);
  return (
    <div className="space-y-stack rounded-control border border-slate-200 bg-slate-50 p-3">
      <StatList
        columns={3}
        stats={[
          { term: 'Capacity used', value: amount(preview.capacityUsed) },
          { term: 'Left now', value: amount(preview.capacityLeft.active) },
          { term: 'Left with draft', value: amount(preview.capacityLeft.draft) },
        ]}
      />
      {preview.healthChanges.length === 0 ? (
        <p className="text-sm text-slate-700">
          <Badge tone="success">No change</Badge> No {TIER_LABEL[preview.tier]} provider changes health status
          at current prices.
        </p>
      ) : (
        <DataTable
          caption="Providers whose health status the draft would change"
          columns={COLUMNS}
          rows={preview.healthChanges}
          rowKey={(c) => c.principal}
        />
      )}
    </div>
  );
}
