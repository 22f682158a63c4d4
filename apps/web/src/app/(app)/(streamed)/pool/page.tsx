import type { Metadata } from 'next';
import { Suspense } from 'react';
import { historyInput, historyViewFromSearchParams } from '@/components/pool/history-params';
import { PoolHistory } from '@/components/pool/pool-history';
import { PoolOverview } from '@/components/pool/pool-overview';
import { TierMetrics } from '@/components/pool/tier-metrics';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { getQueryClient, HydrateClient, trpc } from '@/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Pool' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function PoolPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const view = historyViewFromSearchParams({
    get: (name) => {
      const value = params[name];
      return (Array.isArray(value) ? value[0] : value) ?? null;
    },
  });
  const queryClient = getQueryClient();
  // The figures and the history the URL asks for are in the first HTML.
  await Promise.all([
    queryClient.prefetchQuery(trpc.pool.overview.queryOptions()),
    queryClient.prefetchQuery(trpc.pool.tiers.queryOptions()),
    queryClient.prefetchQuery(trpc.pool.history.queryOptions(historyInput(view))),
  ]);
  return (
    <HydrateClient>
      <div className="space-y-section">
        <PageHeader
          title="Pool metrics"
          description="Capital, collateral locked and capacity used, per token and risk tier, and how they moved over time."
          actions={
            <ButtonLink href="/pool/stress" variant="secondary">
              Stress-test the pool
            </ButtonLink>
          }
        />
        <PoolOverview detail />
        <TierMetrics />
        <Suspense fallback={<Skeleton className="h-[36rem]" />}>
          <PoolHistory />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
