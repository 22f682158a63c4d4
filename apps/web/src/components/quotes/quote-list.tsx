'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Select } from '@/components/ui/field';
import { LoadMore } from '@/components/ui/load-more';
import { ErrorPanel } from '@/components/ui/query-state';
import { LoadingStatus, Skeleton } from '@/components/ui/skeleton';
import { TextLink } from '@/components/ui/text-link';
import { formatBps, formatCountdown, formatUsd } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import type { SavedQuoteResult } from '@/trpc/types';
import { StatusBadge } from './status-badge';
import { useNow } from './use-now';

type TypeFilter = '' | 'PUT' | 'CALL' | 'PROVIDER';
type StatusFilter = '' | 'ACTIVE' | 'EXPIRED' | 'PURCHASED' | 'COMMITTED' | 'DECLINED';
type ListedQuote = SavedQuoteResult;

/** A row's title and detail line (with the quote's tags, if any). */
function describeQuote(q: ListedQuote): { title: string; detail: string } {
  const { title, detail } = describeTerms(q);
  return { title, detail: q.tags.length > 0 ? `${detail} · ${q.tags.join(', ')}` : detail };
}

/** A policy quote's terms, or a yield estimate's commitment. */
function describeTerms(q: ListedQuote): { title: string; detail: string } {
  if (q.quoteType === 'PROVIDER') {
    const p = q.quote.params;
    return {
      title: q.name ?? `Provide ${p.amount} ${p.token} · ${p.tier}`,
      detail: `Yield estimate · ${p.tier} · ${formatBps(q.quote.apyBps)} APY · ${p.days} d`,
    };
  }
  const p = q.quote.params;
  return {
    title: q.name ?? `${q.policyType} ${p.protectedValuePercentage}% · ${p.amount} BTC`,
    detail: `${q.policyType} · strike ${formatUsd(q.quote.strikeUsd, 0)} · ${p.amount} BTC · ${p.days} d`,
  };
}

/** The signed-in buyer's saved quotes with filters, expiry countdowns and "load more". */
export function QuoteList() {
  const trpc = useTRPC();
  const now = useNow();
  const [policyType, setPolicyType] = useState<TypeFilter>('');
  const [status, setStatus] = useState<StatusFilter>('');
  const quotes = useInfiniteQuery(
    trpc.quotes.list.infiniteQueryOptions(
      {
        limit: 10,
        ...(policyType === 'PROVIDER'
          ? { quoteType: 'PROVIDER' as const }
          : policyType
            ? { policyType }
            : {}),
        ...(status ? { status } : {}),
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = quotes.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="space-y-stack">
      <div className="flex flex-wrap items-end gap-stack">
        <Field id="quote-type-filter" label="Type">
          {(control) => (
            <Select
              {...control}
              value={policyType}
              onChange={(e) => setPolicyType(e.target.value as TypeFilter)}
            >
              <option value="">All</option>
              <option value="PUT">PUT</option>
              <option value="CALL">CALL</option>
              <option value="PROVIDER">Yield estimate</option>
            </Select>
          )}
        </Field>
        <Field id="quote-status-filter" label="Status">
          {(control) => (
            <Select {...control} value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
              <option value="">All</option>
              <option value="ACTIVE">Active</option>
              <option value="EXPIRED">Expired</option>
              <option value="PURCHASED">Purchased</option>
              <option value="COMMITTED">Committed</option>
              <option value="DECLINED">Declined</option>
            </Select>
          )}
        </Field>
      </div>

      {quotes.isPending ? (
        <LoadingStatus label="Loading your quotes" className="space-y-2">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-16" />
          ))}
        </LoadingStatus>
      ) : quotes.isError ? (
        <ErrorPanel
          title="Your quotes could not be loaded"
          message={quotes.error.message}
          onRetry={() => quotes.refetch()}
        />
      ) : items.length === 0 ? (
        <EmptyState title={`No saved quotes${policyType || status ? ' match these filters' : ' yet'}`}>
          Price a policy on <TextLink href="/protect">Protect</TextLink> and save it to hold its premium for
          24 hours.
        </EmptyState>
      ) : (
        <Card as="ul" flush className="divide-y divide-slate-100 overflow-hidden" data-testid="quote-list">
          {items.map((q) => (
            <li key={q.id}>
              <Link
                href={`/quotes/${q.id}`}
                className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
              >
                <div className="min-w-0">
                  <p className="truncate font-medium text-slate-900">{describeQuote(q).title}</p>
                  <p className="text-xs text-slate-500">{describeQuote(q).detail}</p>
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
        </Card>
      )}
      <LoadMore query={quotes} size="md">
        {quotes.isFetchingNextPage ? 'Loading…' : 'Load more'}
      </LoadMore>
    </div>
  );
}
