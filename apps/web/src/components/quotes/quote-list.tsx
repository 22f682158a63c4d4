'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ErrorPanel } from '@/components/query-state';
import { formatCountdown, formatUsd } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { StatusBadge } from './status-badge';
import { useNow } from './use-now';

type TypeFilter = '' | 'PUT' | 'CALL';
type StatusFilter = '' | 'ACTIVE' | 'EXPIRED' | 'PURCHASED';

const selectClass =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-2 focus:outline-brand-500';

/** The signed-in buyer's saved quotes with filters, expiry countdowns and "load more". */
export function QuoteList() {
  const trpc = useTRPC();
  const now = useNow();
  const [policyType, setPolicyType] = useState<TypeFilter>('');
  const [status, setStatus] = useState<StatusFilter>('');
  const quotes = useInfiniteQuery(
    trpc.quotes.list.infiniteQueryOptions(
      { limit: 10, ...(policyType ? { policyType } : {}), ...(status ? { status } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = quotes.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        <label className="text-sm text-slate-700">
          <span className="block">Type</span>
          <select
            className={selectClass}
            value={policyType}
            onChange={(e) => setPolicyType(e.target.value as TypeFilter)}
          >
            <option value="">All</option>
            <option value="PUT">PUT</option>
            <option value="CALL">CALL</option>
          </select>
        </label>
        <label className="text-sm text-slate-700">
          <span className="block">Status</span>
          <select
            className={selectClass}
            value={status}
            onChange={(e) => setStatus(e.target.value as StatusFilter)}
          >
            <option value="">All</option>
            <option value="ACTIVE">Active</option>
            <option value="EXPIRED">Expired</option>
            <option value="PURCHASED">Purchased</option>
          </select>
        </label>
      </div>

      {quotes.isPending ? (
        <div role="status" className="space-y-2">
          <span className="sr-only">Loading your quotes…</span>
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-16 animate-pulse rounded-lg border border-slate-200 bg-white" />
          ))}
        </div>
      ) : quotes.isError ? (
        <ErrorPanel title="Your quotes could not be loaded" message={quotes.error.message} />
      ) : items.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-medium text-slate-900">
            No saved quotes{policyType || status ? ' match these filters' : ' yet'}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            Price a policy on{' '}
            <Link href="/protect" className="font-medium text-brand-700 underline">
              Protect
            </Link>{' '}
            and save it to hold its premium for 24 hours.
          </p>
        </div>
      ) : (
        <ul
          className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white"
          data-testid="quote-list"
        >
          {items.map((q) => (
            <li key={q.id}>
              <Link
                href={`/quotes/${q.id}`}
                className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
              >
                <div className="min-w-0">
                  <p className="truncate font-medium text-slate-900">
                    {q.name ??
                      `${q.policyType} ${q.quote.params.protectedValuePercentage}% · ${q.quote.params.amount} BTC`}
                  </p>
                  <p className="text-xs text-slate-500">
                    {q.policyType} · strike {formatUsd(q.quote.strikeUsd, 0)} · {q.quote.params.amount} BTC ·{' '}
                    {q.quote.params.days} d
                  </p>
                </div>
                <div className="flex items-center gap-3 text-sm">
                  <span className="font-semibold tabular-nums text-slate-900">{formatUsd(q.premiumUsd)}</span>
                  <StatusBadge status={q.status} />
                  <span className="w-36 whitespace-nowrap text-right text-xs text-slate-500">
                    {q.status === 'ACTIVE' ? `expires in ${formatCountdown(q.expiresAt, now)}` : ''}
                  </span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {quotes.hasNextPage ? (
        <button
          type="button"
          onClick={() => quotes.fetchNextPage()}
          disabled={quotes.isFetchingNextPage}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50 disabled:opacity-60"
        >
          {quotes.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </div>
  );
}
