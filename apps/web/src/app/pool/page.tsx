import type { Metadata } from 'next';
import { PoolOverview } from '@/components/pool/pool-overview';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { getQueryClient, HydrateClient, trpc } from '@/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Pool' };

export default async function PoolPage() {
  await getQueryClient().prefetchQuery(trpc.pool.overview.queryOptions());
  return (
    <HydrateClient>
      <div className="space-y-section">
        <PageHeader
          title="Pool metrics"
          description="Capital, collateral locked and capacity used, per token and risk tier."
          actions={
            <ButtonLink href="/pool/stress" variant="secondary">
              Stress-test the pool
            </ButtonLink>
          }
        />
        <PoolOverview detail />
      </div>
    </HydrateClient>
  );
}
