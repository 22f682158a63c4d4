'use client';
import type { Token } from '@bithedge/db';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { type Column, DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { formatBps, formatToken, formatUsd } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import type { RouterInputs, RouterOutputs } from '@/trpc/types';
import { CursorPager, useCursorPages } from './cursor-pager';
import { LIVE_REFRESH_MS, PAGE_SIZE } from './dashboard-queries';
import { FilterSelect, TOKEN_OPTIONS } from './filter-select';

type Allocation = RouterOutputs['provider']['allocations']['items'][number];
type Status = NonNullable<RouterInputs['provider']['allocations']['status']>;

const STATUS_OPTIONS: readonly { value: Status; label: string }[] = [
  { value: 'LOCKED', label: 'Locked (live)' },
  { value: 'RELEASED', label: 'Released' },
  { value: 'SETTLED', label: 'Settled (paid out)' },
];
const STATUS_TONE: Record<Status, BadgeTone> = { LOCKED: 'info', RELEASED: 'neutral', SETTLED: 'warning' };
const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** This allocation's part of the provider's whole requirement (exact integers, shown in %). */
function requirementShare(a: Allocation, totalUsd: bigint | null): string {
  if (a.status !== 'LOCKED') return '—';
  const share =
    totalUsd && totalUsd > 0n ? ` (${formatBps(Number((a.requirementUsd * 10_000n) / totalUsd))})` : '';
  return `${formatUsd(a.requirementUsd)}${share}`;
}

function columns(totalUsd: bigint | null): Column<Allocation>[] {
  return [
    {
      key: 'policy',
      header: 'Policy',
      rowHeader: true,
      cell: (a) => (
        <span className="whitespace-nowrap">
          {a.policy.onchainId === null ? `(${a.policy.id}, pending)` : `#${a.policy.onchainId}`}{' '}
          {/* The provider's side of the option: it sold the protection (coverage A32). */}
          <span
            className="text-slate-500"
            title="You sold this protection: you earn its premium and pay out if it is exercised"
          >
            short {a.policy.type}
          </span>
        </span>
      ),
    },
    { key: 'strike', header: 'Strike', align: 'right', cell: (a) => formatUsd(a.policy.strikeUsd, 0) },
    {
      key: 'expiry',
      header: 'Expiry',
      cell: (a) => (
        <span className="whitespace-nowrap" title={`Bitcoin block ${a.policy.expirationHeight}`}>
          {date.format(a.policy.expiresAt)}{' '}
          <span className="text-slate-500">· block {a.policy.expirationHeight}</span>
        </span>
      ),
      className: 'hidden md:table-cell',
    },
    { key: 'amount', header: 'Locked', align: 'right', cell: (a) => formatToken(a.amount, a.token) },
    {
      key: 'premium',
      header: 'Premium share',
      align: 'right',
      // The premium is micro-STX whatever backs the policy (the registry collects STX).
      cell: (a) => `${formatToken(a.premiumShare, 'STX', 6)} · ${formatBps(a.shareBps)}`,
      className: 'hidden sm:table-cell',
    },
    {
      key: 'status',
      header: 'Status',
      cell: (a) => <Badge tone={STATUS_TONE[a.status]}>{a.status.toLowerCase()}</Badge>,
    },
    {
      key: 'health',
      header: 'Health requirement',
      align: 'right',
      cell: (a) => requirementShare(a, totalUsd),
      className: 'hidden lg:table-cell',
    },
  ];
}

/** The policies the signed-in provider backs, with filters and keyset pages. */
export function AllocationsTable() {
  const trpc = useTRPC();
  const pages = useCursorPages<{ status?: Status | undefined; token?: Token | undefined }>({});
  const { status, token } = pages.filters;
  const query = useQuery({
    ...trpc.provider.allocations.queryOptions({
      ...(status ? { status } : {}),
      ...(token ? { token } : {}),
      limit: PAGE_SIZE,
      ...(pages.cursor ? { cursor: pages.cursor } : {}),
    }),
    placeholderData: keepPreviousData,
    refetchInterval: pages.cursor ? false : LIVE_REFRESH_MS,
  });
  // The whole requirement, live, from the health model: each row's share of it.
  const health = useQuery(trpc.provider.health.queryOptions());
  const totalUsd = health.data?.current?.requirementUsd ?? null;
  return (
    <Card as="section" aria-labelledby="allocations-title">
      <div className="flex flex-wrap items-end justify-between gap-stack">
        <div>
          <CardTitle id="allocations-title">Policies you back</CardTitle>
          <CardDescription>
            Collateral you locked behind each policy, your share of its premium, and what it adds to your
            health requirement.
          </CardDescription>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <FilterSelect
            id="allocations-status"
            label="Status"
            value={status}
            options={STATUS_OPTIONS}
            onChange={(s) => pages.setFilters({ status: s, token })}
          />
          <FilterSelect
            id="allocations-token"
            label="Token"
            value={token}
            options={TOKEN_OPTIONS}
            onChange={(t) => pages.setFilters({ status, token: t })}
          />
        </div>
      </div>
      <div className="mt-4">
        {query.isPending ? (
          <LoadingCards count={1} label="Loading the policies you back" />
        ) : query.isError ? (
          <ErrorPanel
            title="Your allocations could not be loaded"
            message={query.error.message}
            onRetry={() => query.refetch()}
          />
        ) : query.data.items.length === 0 ? (
          <EmptyState title="No policies here">
            When a buyer's policy is backed by your tier, your part of it shows here.
          </EmptyState>
        ) : (
          <DataTable
            caption="Policies you back"
            columns={columns(totalUsd)}
            rows={query.data.items}
            rowKey={(a) => String(a.id)}
            pageSize={PAGE_SIZE}
          />
        )}
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
