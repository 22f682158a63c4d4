'use client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useDebounced } from '@/components/protect/use-debounced';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/query-state';
import { LoadingStatus, Skeleton } from '@/components/ui/skeleton';
import { formatUsd } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { ScenarioSliders } from './scenario-sliders';
import { StressChart } from './stress-chart-lazy';
import { PoolStressStats, TierStressTable } from './stress-figures';
import { StressNote } from './stress-note';
import {
  type StressScenarioPct,
  scenarioFromSearchParams,
  scenarioToSearchParams,
  stressTestInput,
  TODAY,
} from './stress-params';
import { hasLivePolicies, type StressTestResult, stressChartPoints } from './stress-view';

const DEBOUNCE_MS = 250;

/**
 * The stress test: two sliders set the scenario (kept in the URL, so it can be shared), and the
 * pool's figures, curve and tiers follow once the sliders settle. While a new scenario loads, the
 * previous figures stay on screen, marked as updating.
 */
export function StressTest() {
  const trpc = useTRPC();
  const searchParams = useSearchParams();
  const [scenario, setScenario] = useState<StressScenarioPct>(() => scenarioFromSearchParams(searchParams));
  const settled = useDebounced(scenario, DEBOUNCE_MS);

  // The URL follows the settled scenario. The History API rather than router.replace: Next keeps
  // useSearchParams in step with it, and nothing is re-rendered on the server nor scrolled.
  useEffect(() => {
    const query = scenarioToSearchParams(settled).toString();
    if (window.location.search.replace(/^\?/, '') === query) return;
    window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  }, [settled]);

  const stress = useQuery({
    ...trpc.pool.stressTest.queryOptions(stressTestInput(settled)),
    placeholderData: keepPreviousData,
  });
  const data = stress.data;
  const updating = scenario !== settled || (stress.isFetching && stress.isPlaceholderData);
  const base = data ? { btcUsd: data.prices.baseBtcUsd, stxUsd: data.prices.baseStxUsd } : null;
  const moved = scenario.btc !== 0 || scenario.stx !== 0;

  return (
    <div className="space-y-section">
      <Card as="section" aria-labelledby="scenario-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <CardTitle id="scenario-heading">Scenario</CardTitle>
          <p aria-live="polite" className="text-xs text-slate-500">
            {updating ? 'Updating…' : data ? <ObservedAt at={data.prices.observedAt} /> : null}
          </p>
        </div>
        <CardDescription>
          Move BTC and STX from today’s prices; every live policy is settled at the prices you set.
        </CardDescription>
        <div className="mt-5">
          <ScenarioSliders
            scenario={scenario}
            base={base}
            onChange={(patch) => setScenario((s) => ({ ...s, ...patch }))}
          />
        </div>
        {moved ? (
          <Button variant="ghost" size="sm" className="mt-4 -ml-3" onClick={() => setScenario(TODAY)}>
            Back to today’s prices
          </Button>
        ) : null}
      </Card>

      <section aria-labelledby="results-heading" aria-busy={updating} className="space-y-section">
        <h2 id="results-heading" className="sr-only">
          Results
        </h2>
        {stress.isError && !data ? (
          <ErrorPanel
            title="The stress test could not run"
            message={stress.error.message}
            onRetry={() => stress.refetch()}
          />
        ) : !data ? (
          <LoadingStatus label="Running the stress test" className="space-y-section">
            <Skeleton className="h-48" />
            <Skeleton className="h-80" />
            <Skeleton className="h-56" />
          </LoadingStatus>
        ) : (
          <StressResults
            result={data}
            scenarioPct={settled.btc}
            updating={updating}
            error={stress.isError ? { message: stress.error.message, retry: () => stress.refetch() } : null}
          />
        )}
        <StressNote />
      </section>
    </div>
  );
}

/** When the prices were observed; the server renders it in its time zone, the browser in the reader's. */
function ObservedAt({ at }: { at: Date }) {
  return (
    <>
      Today’s prices from{' '}
      <time dateTime={at.toISOString()} suppressHydrationWarning>
        {at.toLocaleTimeString()}
      </time>
    </>
  );
}

function StressResults({
  result,
  scenarioPct,
  updating,
  error,
}: {
  result: StressTestResult;
  scenarioPct: number;
  updating: boolean;
  error: { message: string; retry: () => void } | null;
}) {
  const live = hasLivePolicies(result.pool);
  const at = `BTC at ${formatUsd(result.prices.btcUsd, 0)}, STX at ${formatUsd(result.prices.stxUsd, 4)}`;
  return (
    <div className={updating ? 'space-y-section opacity-60 transition-opacity' : 'space-y-section'}>
      {error ? (
        <ErrorPanel
          title="These figures are for an earlier scenario"
          message={error.message}
          onRetry={error.retry}
        />
      ) : null}
      <Card as="section" aria-labelledby="pool-stress-heading">
        <CardTitle id="pool-stress-heading">The pool at this scenario</CardTitle>
        <CardDescription>
          <span data-testid="scenario-prices">{at}</span>, if every live policy settled now.
        </CardDescription>
        <PoolStressStats pool={result.pool} className="mt-4" />
      </Card>

      <Card as="section" aria-labelledby="curve-heading">
        <CardTitle id="curve-heading">Shortfall and LP net as BTC moves</CardTitle>
        <CardDescription>
          BTC from −90% to +100% of today, STX at {formatUsd(result.prices.stxUsd, 4)}.
        </CardDescription>
        <div className="mt-4">
          {live ? (
            <StressChart points={stressChartPoints(result.curve)} scenarioPct={scenarioPct} />
          ) : (
            <EmptyState title="No live policies">
              Nothing would pay out at any price: the pool has no active policies right now. The table below
              still shows each tier’s providers and collateral at these prices.
            </EmptyState>
          )}
        </div>
      </Card>

      <Card as="section" aria-labelledby="tiers-heading">
        <CardTitle id="tiers-heading">By risk tier</CardTitle>
        <CardDescription>
          Each tier’s providers, and its backers’ shares of payouts and shortfall.
        </CardDescription>
        <div className="mt-4">
          <TierStressTable tiers={result.tiers} />
        </div>
      </Card>
    </div>
  );
}
