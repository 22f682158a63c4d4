'use client';
import { useQuery } from '@tanstack/react-query';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { useTRPC } from '@/trpc/client';
import { PoolOverviewView } from './pool-overview-view';

/** The pool's figures from the browser's query (the pool page, refreshed by invalidations). */
export function PoolOverview({ detail = false }: { detail?: boolean }) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.pool.overview.queryOptions());
  if (overview.isPending) return <LoadingCards label="Loading pool figures" />;
  if (overview.isError) {
    return (
      <ErrorPanel
        title="Pool figures are unavailable"
        message={overview.error.message}
        onRetry={() => overview.refetch()}
      />
    );
  }
  return <PoolOverviewView overview={overview.data} detail={detail} />;
}
