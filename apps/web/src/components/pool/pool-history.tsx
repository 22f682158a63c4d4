'use client';
import type { Token } from '@bithedge/db';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Card, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Select } from '@/components/ui/field';
import { ErrorPanel } from '@/components/ui/query-state';
import { LoadingStatus, Skeleton } from '@/components/ui/skeleton';
import { TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import type { HistoryChartPoint } from './history-chart';
import { HistoryCharts } from './history-chart-lazy';
import {
  HISTORY_RANGE_OPTIONS,
  type HistoryView,
  historyInput,
  historyViewFromSearchParams,
  historyViewToSearchParams,
} from './history-params';
import { TIER_LABEL, TIER_ORDER } from './tier-label';

const RANGE_LABEL: Record<HistoryView['range'], string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  all: 'All',
};

/** Whole tokens for the chart's axis only; balances themselves stay bigint. */
const toTokens = (units: bigint, token: Token) => Number(units) / 10 ** TOKEN_META[token].decimals;

/** Capital, locked and utilization over time for a token and tier (or the whole pool); view in the URL. */
export function PoolHistory() {
  const trpc = useTRPC();
  const searchParams = useSearchParams();
  const [view, setView] = useState<HistoryView>(() => historyViewFromSearchParams(searchParams));

  useEffect(() => {
    const query = historyViewToSearchParams(view).toString();
    if (window.location.search.replace(/^\?/, '') === query) return;
    window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  }, [view]);

  const history = useQuery({
    ...trpc.pool.history.queryOptions(historyInput(view)),
    placeholderData: keepPreviousData,
  });
  const points: HistoryChartPoint[] =
    history.data?.points.map((p) => ({
      time: new Date(p.hour).getTime(),
      capital: toTokens(p.capital, view.token),
      locked: toTokens(p.locked, view.token),
      capitalUnits: p.capital,
      lockedUnits: p.locked,
      utilizationBps: p.utilizationBps,
    })) ?? [];

  return (
    <Card as="section" aria-labelledby="history-heading" className="min-w-0">
      <CardTitle id="history-heading">History</CardTitle>
      <p className="mt-1 text-sm text-slate-600">One point per hour, written by the hourly pool snapshot.</p>
      <div className="mt-4 grid gap-3 sm:grid-cols-3">
        <Field id="history-token" label="Token">
          {(control) => (
            <Select
              {...control}
              value={view.token}
              onChange={(e) => setView((v) => ({ ...v, token: e.target.value as Token }))}
            >
              <option value="STX">STX</option>
              <option value="SBTC">sBTC</option>
            </Select>
          )}
        </Field>
        <Field id="history-tier" label="Tier">
          {(control) => (
            <Select
              {...control}
              value={view.tier}
              onChange={(e) => setView((v) => ({ ...v, tier: e.target.value as HistoryView['tier'] }))}
            >
              <option value="all">Whole pool</option>
              {TIER_ORDER.map((tier) => (
                <option key={tier} value={tier}>
                  {TIER_LABEL[tier]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id="history-range" label="Period">
          {(control) => (
            <Select
              {...control}
              value={view.range}
              onChange={(e) => setView((v) => ({ ...v, range: e.target.value as HistoryView['range'] }))}
            >
              {HISTORY_RANGE_OPTIONS.map((range) => (
                <option key={range} value={range}>
                  {RANGE_LABEL[range]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <div className="mt-5" aria-busy={history.isFetching}>
        {history.isPending ? (
          <LoadingStatus label="Loading pool history">
            <Skeleton className="h-[30rem]" />
          </LoadingStatus>
        ) : history.isError ? (
          <ErrorPanel
            title="Pool history is unavailable"
            message={history.error.message}
            onRetry={() => history.refetch()}
          />
        ) : points.length === 0 ? (
          <EmptyState title="No snapshots in this period yet">
            The pool is snapshotted once an hour; the first point appears after the next snapshot.
          </EmptyState>
        ) : (
          <HistoryCharts points={points} token={view.token} />
        )}
      </div>
    </Card>
  );
}
