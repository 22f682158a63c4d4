import { PoolOverviewUnavailable } from '@/components/pool/pool-overview-unavailable';
import { PoolOverviewView } from '@/components/pool/pool-overview-view';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { serverCaller } from '@/server/caller';

export const dynamic = 'force-dynamic';

/**
 * Rendered on the server, figures included: the home page runs no client queries, so its first
 * load carries neither TanStack Query nor the tRPC client (issue #14). Each visit or
 * client-side navigation here renders fresh figures.
 */
export default async function HomePage() {
  const overview = await (await serverCaller()).pool.overview().then(
    (data) => ({ data }),
    (error: unknown) => {
      // The cause stays in the server's log; the visitor gets a retry, not internals.
      console.error('home: pool overview failed', error);
      return { error: 'The pool could not be read just now.' };
    },
  );
  return (
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
      {'data' in overview ? (
        <PoolOverviewView overview={overview.data} />
      ) : (
        <PoolOverviewUnavailable message={overview.error} />
      )}
    </div>
  );
}
