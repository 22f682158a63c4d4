import type { Metadata } from 'next';
import { Suspense } from 'react';
import { scenarioFromSearchParams, stressTestInput } from '@/components/pool/stress/stress-params';
import { StressTest } from '@/components/pool/stress/stress-test';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { getQueryClient, HydrateClient, trpc } from '@/trpc/server';

export const metadata: Metadata = { title: 'Stress test' };

type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a query parameter, as URLSearchParams.get gives it in the browser. */
const firstParam = (params: SearchParams) => (name: string) => {
  const value = params[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
};

export default async function StressTestPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // A shared link opens with its figures: the server runs the scenario the sliders will start at.
  const scenario = scenarioFromSearchParams({ get: firstParam(await searchParams) });
  await getQueryClient().prefetchQuery(trpc.pool.stressTest.queryOptions(stressTestInput(scenario)));
  return (
    <HydrateClient>
      <div className="space-y-section">
        <PageHeader
          title="Stress test"
          description="What the pool would pay, and what its providers would gain or lose, if BTC and STX moved and every live policy settled at those prices."
          actions={
            <ButtonLink href="/pool" variant="secondary">
              Pool metrics
            </ButtonLink>
          }
        />
        <Suspense fallback={<Skeleton className="h-96" />}>
          <StressTest />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
