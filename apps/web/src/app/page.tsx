import Link from 'next/link';
import { PoolOverview } from '@/components/pool-overview';
import { getQueryClient, HydrateClient, trpc } from '@/trpc/server';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  await getQueryClient().prefetchQuery(trpc.pool.overview.queryOptions());
  return (
    <HydrateClient>
      <div className="mb-8 flex flex-col gap-4 md:flex-row md:items-end md:justify-between">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">
            Bitcoin price protection, backed by an on-chain pool
          </h1>
          <p className="mt-2 max-w-2xl text-slate-600">
            Buyers protect BTC against a fall (PUT) or a rise (CALL). Liquidity providers lock STX or sBTC as
            collateral behind those policies and earn the premiums.
          </p>
        </div>
        <div className="flex shrink-0 gap-3 whitespace-nowrap">
          <Link
            href="/protect"
            className="rounded-lg bg-brand-500 px-4 py-2 font-medium text-white hover:bg-brand-600"
          >
            Get protection
          </Link>
          <Link
            href="/provide"
            className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-50"
          >
            Provide liquidity
          </Link>
        </div>
      </div>
      <PoolOverview />
    </HydrateClient>
  );
}
