import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ProvideYield } from '@/components/provide/provide-yield';
import { SignedInPortfolio } from '@/components/provide/signed-in-portfolio';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { configuredContractIds } from '@/server/contract-ids';
import { getQueryClient, HydrateClient, trpc } from '@/trpc/server';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Provide' };

/**
 * Open to anyone: the tier cards' live APY ranges are in the first HTML (prefetched for the
 * token in the URL); the estimate follows the inputs; sign-in is asked for at the deposit only.
 */
export default async function ProvidePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  await getQueryClient().prefetchQuery(
    trpc.pricing.providerYieldTiers.queryOptions({ token: token?.toUpperCase() === 'SBTC' ? 'SBTC' : 'STX' }),
  );
  const ids = configuredContractIds();
  return (
    <HydrateClient>
      <div className="space-y-section">
        <PageHeader
          title="Provide liquidity"
          description="Deposit STX or sBTC into the vault under a risk tier. Your capital backs protection policies and earns their premiums; what it backs is locked until the policies end. Estimate your yield first — no sign-in needed."
        />
        <SignedInPortfolio />
        <Suspense fallback={<Skeleton className="h-96" />}>
          <ProvideYield ids={ids} />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
