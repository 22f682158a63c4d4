'use client';
import type { Token } from '@bithedge/db';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { BalanceCompositionChart, PremiumIncomeChart } from './balance-charts-lazy';
import { WHOLE_HISTORY_REFRESH_MS } from './dashboard-queries';

/** Balance composition and cumulative premium income over time, per token, from the ledger. */
export function BalanceHistoryPanel() {
  const trpc = useTRPC();
  const history = useQuery({
    ...trpc.provider.balanceHistory.queryOptions(),
    refetchInterval: WHOLE_HISTORY_REFRESH_MS,
  });
  const [chosen, setChosen] = useState<Token | null>(null);
  if (history.isPending) return <LoadingCards count={1} label="Loading your balance history" />;
  if (history.isError)
    return (
      <ErrorPanel
        title="Your balance history could not be loaded"
        message={history.error.message}
        onRetry={() => history.refetch()}
      />
    );
  const { series, bucketDays } = history.data;
  if (series.length === 0) return null;
  const token = chosen ?? series[0]!.token;
  const points = series.find((s) => s.token === token)?.points ?? [];
  return (
    <Card as="section" aria-labelledby="charts-title">
      <div className="flex flex-wrap items-end justify-between gap-stack">
        <div>
          <CardTitle id="charts-title">Over time</CardTitle>
          <CardDescription>
            End of each {bucketDays === 1 ? 'day' : `${bucketDays}-day period`} (UTC), from your ledger
            entries.
          </CardDescription>
        </div>
        {series.length > 1 ? (
          <fieldset className="flex gap-2">
            <legend className="sr-only">Token</legend>
            {series.map((s) => (
              <Button
                key={s.token}
                size="sm"
                variant={s.token === token ? 'primary' : 'secondary'}
                aria-pressed={s.token === token}
                onClick={() => setChosen(s.token)}
              >
                {TOKEN_META[s.token].label}
              </Button>
            ))}
          </fieldset>
        ) : null}
      </div>
      <div className="mt-4 grid gap-stack lg:grid-cols-2">
        <div>
          <h3 className="mb-2 text-sm font-medium text-slate-700">Balance composition</h3>
          <BalanceCompositionChart points={points} token={token} />
        </div>
        <div>
          <h3 className="mb-2 text-sm font-medium text-slate-700">Cumulative premium income</h3>
          <PremiumIncomeChart points={points} token={token} />
        </div>
      </div>
    </Card>
  );
}
