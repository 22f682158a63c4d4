'use client';
import type { Token } from '@bithedge/db';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { type Column, DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { type ExplorerTarget, explorerTxUrl } from '@/lib/explorer';
import { formatToken } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import type { RouterInputs, RouterOutputs } from '@/trpc/types';
import { CursorPager, useCursorPages } from './cursor-pager';
import { LIVE_REFRESH_MS, PAGE_SIZE } from './dashboard-queries';
import { FilterSelect, TOKEN_OPTIONS } from './filter-select';
import { transactionsCsv } from './transactions-csv';

type Transaction = RouterOutputs['provider']['transactions']['items'][number];
type Kind = NonNullable<RouterInputs['provider']['transactions']['kind']>;

const KIND_OPTIONS: readonly { value: Kind; label: string }[] = [
  { value: 'deposit', label: 'Deposits' },
  { value: 'withdrawal', label: 'Withdrawals' },
  { value: 'collateral', label: 'Collateral locks' },
  { value: 'settlement', label: 'Settlements' },
  { value: 'premium', label: 'Premiums' },
  { value: 'reversal', label: 'Reversals' },
];
const KIND_TONE: Record<Kind, BadgeTone> = {
  deposit: 'success',
  withdrawal: 'neutral',
  collateral: 'info',
  settlement: 'danger',
  premium: 'success',
  reversal: 'warning',
};
const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** A signed amount: what the entry did to the capital, else to the premium income, else its size. */
function signedAmount(t: Transaction): string {
  const change = t.capitalChange !== 0n ? t.capitalChange : t.premiumIncomeChange;
  if (change === 0n) return formatToken(t.amount, t.token);
  return `${change > 0n ? '+' : '−'}${formatToken(change > 0n ? change : -change, t.token)}`;
}

function columns(explorer: ExplorerTarget): Column<Transaction>[] {
  return [
    {
      key: 'at',
      header: 'Time (UTC)',
      cell: (t) => dateTime.format(t.at),
      className: 'whitespace-nowrap pr-3',
    },
    {
      key: 'what',
      header: 'What happened',
      rowHeader: true,
      cell: (t) => (
        <span className="flex flex-wrap items-center gap-2 font-normal">
          <Badge tone={KIND_TONE[t.kind]}>{t.kind}</Badge>
          {t.description}
          {t.status !== 'CONFIRMED' ? <Badge tone="warning">{t.status.toLowerCase()}</Badge> : null}
        </span>
      ),
    },
    { key: 'amount', header: 'Amount', align: 'right', cell: signedAmount, className: 'whitespace-nowrap' },
    {
      key: 'tx',
      header: 'Chain tx',
      align: 'right',
      className: 'hidden sm:table-cell',
      cell: (t) => <ChainTx txId={t.chainTxId} explorer={explorer} />,
    },
  ];
}

function ChainTx({ txId, explorer }: { txId: string | null; explorer: ExplorerTarget }) {
  if (!txId) return <span className="text-slate-400">—</span>;
  const short = `${txId.slice(0, 8)}…`;
  const url = explorerTxUrl(txId, explorer);
  if (!url)
    return (
      <span className="font-mono text-xs" title={`${txId} (local simnet: no explorer)`}>
        {short}
      </span>
    );
  return (
    <a
      href={url}
      target="_blank"
      rel="noreferrer"
      className="font-mono text-xs text-brand-700 underline"
      aria-label={`Transaction ${txId} in the explorer`}
    >
      {short}
    </a>
  );
}

/** Every page under the current filters, 100 at a time, as one CSV file the browser downloads. */
function useCsvExport(filters: { kind?: Kind | undefined; token?: Token | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ busy: boolean; rows: number; error: string | null }>({
    busy: false,
    rows: 0,
    error: null,
  });
  const run = async () => {
    setState({ busy: true, rows: 0, error: null });
    try {
      const rows: Transaction[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryClient.fetchQuery(
          trpc.provider.transactions.queryOptions({ ...filters, limit: 100, ...(cursor ? { cursor } : {}) }),
        );
        rows.push(...page.items);
        setState({ busy: true, rows: rows.length, error: null });
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const url = URL.createObjectURL(new Blob([transactionsCsv(rows)], { type: 'text/csv' }));
      const link = Object.assign(document.createElement('a'), {
        href: url,
        download: `bithedge-history-${new Date().toISOString().slice(0, 10)}.csv`,
      });
      link.click();
      URL.revokeObjectURL(url);
      setState({ busy: false, rows: rows.length, error: null });
    } catch (error) {
      setState({ busy: false, rows: 0, error: (error as Error).message });
    }
  };
  return { ...state, run };
}

/** The signed-in provider's ledger history in words: filters, keyset pages, CSV, chain links. */
export function TransactionHistory({ explorer }: { explorer: ExplorerTarget }) {
  const trpc = useTRPC();
  const pages = useCursorPages<{ kind?: Kind | undefined; token?: Token | undefined }>({});
  const { kind, token } = pages.filters;
  const input = {
    ...(kind ? { kind } : {}),
    ...(token ? { token } : {}),
    limit: PAGE_SIZE,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  };
  const query = useQuery({
    ...trpc.provider.transactions.queryOptions(input),
    placeholderData: keepPreviousData,
    // The newest page stays live; older pages do not move under the reader.
    refetchInterval: pages.cursor ? false : LIVE_REFRESH_MS,
  });
  const csv = useCsvExport(pages.filters);
  return (
    <Card as="section" aria-labelledby="history-title">
      <div className="flex flex-wrap items-end justify-between gap-stack">
        <div>
          <CardTitle id="history-title">Transaction history</CardTitle>
          <CardDescription>Every change to your balances, newest first.</CardDescription>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <FilterSelect
            id="history-kind"
            label="Kind"
            value={kind}
            options={KIND_OPTIONS}
            onChange={(k) => pages.setFilters({ kind: k, token })}
          />
          <FilterSelect
            id="history-token"
            label="Token"
            value={token}
            options={TOKEN_OPTIONS}
            onChange={(t) => pages.setFilters({ kind, token: t })}
          />
          <Button variant="secondary" size="sm" disabled={csv.busy} onClick={csv.run}>
            {csv.busy ? `Exporting… ${csv.rows}` : 'Export CSV'}
          </Button>
        </div>
      </div>
      {csv.error ? <p className="mt-2 text-sm text-danger-700">The export failed: {csv.error}</p> : null}
      <div className="mt-4">
        <HistoryBody query={query} explorer={explorer} />
        <CursorPager
          pageNumber={pages.pageNumber}
          nextCursor={query.data?.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          busy={query.isFetching && query.isPlaceholderData}
        />
      </div>
    </Card>
  );
}

function HistoryBody({
  query,
  explorer,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: { message: string } | null;
    data: RouterOutputs['provider']['transactions'] | undefined;
    refetch: () => unknown;
  };
  explorer: ExplorerTarget;
}) {
  if (query.isPending) return <LoadingCards count={1} label="Loading your history" />;
  if (query.isError || !query.data)
    return (
      <ErrorPanel
        title="Your history could not be loaded"
        message={query.error?.message ?? 'No answer'}
        onRetry={() => query.refetch()}
      />
    );
  if (query.data.items.length === 0)
    return <EmptyState title="Nothing here yet">No entries match these filters.</EmptyState>;
  return (
    <DataTable
      caption="Transaction history"
      columns={columns(explorer)}
      rows={query.data.items}
      rowKey={(t) => t.id.toString()}
      pageSize={PAGE_SIZE}
    />
  );
}
