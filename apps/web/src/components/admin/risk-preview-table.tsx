'use client';
import { type Column, DataTable } from '@/components/ui/data-table';
import { formatUsd } from '@/lib/format';
import type { RouterOutputs } from '@/trpc/types';
import { formatChangeBps, formatWhen } from './admin-format';

type Preview = RouterOutputs['admin']['previewRiskParameters'];
type Row = Preview['rows'][number];

const COLUMNS: Column<Row>[] = [
  { key: 'policy', header: 'Reference policy (1 BTC)', rowHeader: true, cell: (r) => r.label },
  { key: 'active', header: 'Active', align: 'right', cell: (r) => formatUsd(r.activePremiumUsd) },
  { key: 'draft', header: 'Draft', align: 'right', cell: (r) => formatUsd(r.draftPremiumUsd) },
  {
    key: 'change',
    header: 'Change',
    align: 'right',
    cell: (r) => (
      <span
        className={
          r.changeBps && r.changeBps > 0 ? 'text-danger-700' : r.changeBps ? 'text-success-700' : undefined
        }
      >
        {formatChangeBps(r.changeBps)}
      </span>
    ),
  },
];

/** Premiums of the reference policies under the active version and the draft, side by side. */
export function RiskPreviewTable({ preview }: { preview: Preview }) {
  return (
    <div className="rounded-control border border-slate-200 bg-slate-50 p-3">
      <p className="mb-2 text-xs text-slate-600">
        Priced as quotes are, at BTC {formatUsd(preview.spotUsd)} and {(preview.volatility * 100).toFixed(1)}%
        volatility (observed {formatWhen(preview.pricedAt)}); active is v{preview.activeVersion}.
      </p>
      <DataTable
        caption="Premiums under the active and the draft version"
        columns={COLUMNS}
        rows={preview.rows}
        rowKey={(r) => r.label}
      />
    </div>
  );
}
