import { PoolOverview } from '@/components/pool/pool-overview';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { getQueryClient, HydrateClient, trpc } from '@/trpc/server';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  await getQueryClient().prefetchQuery(trpc.pool.overview.queryOptions());
  return (
    <HydrateClient>
      <div className="space-y-8">
        <PageHeader
          size="lg"
          title="Bitcoin price protection, backed by an on-chain pool"
          description="Buyers protect BTC against a fall (PUT) or a rise (CALL). Liquidity providers lock STX or sBTC as collateral behind those policies and earn the premiums."
          actions={
            <>
              <ButtonLink href="/protect" size="lg">
                Get protection
              </ButtonLink>
              <ButtonLink href="/provide" size="lg" variant="secondary">
                Provide liquidity
              </ButtonLink>
            </>
          }
        />
        <PoolOverview />
      </div>
    </HydrateClient>
  );
}
