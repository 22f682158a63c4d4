import type { Metadata } from 'next';
import { PoolOverview } from '@/components/pool-overview';
import { getQueryClient, HydrateClient, trpc } from '@/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Pool' };

export default async function PoolPage() {
  await getQueryClient().prefetchQuery(trpc.pool.overview.queryOptions());
  return (
    <HydrateClient>
      <h1 className="mb-2 text-2xl font-bold">Pool metrics</h1>
      <p className="mb-6 text-slate-600">
        Capital, collateral locked and capacity used, per token and risk tier.
      </p>
      <PoolOverview detail />
    </HydrateClient>
  );
}
