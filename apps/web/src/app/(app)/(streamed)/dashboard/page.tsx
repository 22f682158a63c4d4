import type { Metadata } from 'next';
import { connection } from 'next/server';
import { AllocationsTable } from '@/components/dashboard/allocations-table';
import { BalanceHistoryPanel } from '@/components/dashboard/balance-history-panel';
import {
  FIRST_ALLOCATIONS_PAGE,
  FIRST_PREMIUMS_PAGE,
  FIRST_TRANSACTIONS_PAGE,
} from '@/components/dashboard/dashboard-queries';
import { PortfolioPanel } from '@/components/dashboard/portfolio-panel';
import { PremiumsPanel } from '@/components/dashboard/premiums-panel';
import { TransactionHistory } from '@/components/dashboard/transaction-history';
import { WithdrawPanel } from '@/components/dashboard/withdraw-panel';
import { YieldStatsCards } from '@/components/dashboard/yield-stats-cards';
import { HealthSection } from '@/components/health/health-section';
import { PageHeader } from '@/components/ui/page-header';
import { RequireSignIn } from '@/components/wallet/require-sign-in';
import type { ExplorerTarget } from '@/lib/explorer';
import { configuredContractIds } from '@/server/contract-ids';
import { getEnv } from '@/server/env';
import { getQueryClient, HydrateClient, trpc } from '@/trpc/server';

export const metadata: Metadata = { title: 'Dashboard' };

/**
 * The first HTML carries the figures: for a signed-in caller (the session cookie reaches the
 * in-process caller), every query the dashboard opens with is fetched here and hydrated, with
 * the same inputs the components use; the components then refetch on their own (live). An
 * anonymous visitor gets the sign-in prompt without a round of refused private queries.
 */
async function prefetchDashboard(): Promise<void> {
  const queryClient = getQueryClient();
  const session = await queryClient.fetchQuery(trpc.auth.me.queryOptions()).catch(() => null);
  if (!session) return;
  await Promise.all([
    queryClient.prefetchQuery(trpc.provider.portfolio.queryOptions()),
    queryClient.prefetchQuery(trpc.provider.health.queryOptions()),
    queryClient.prefetchQuery(trpc.provider.yieldStats.queryOptions()),
    queryClient.prefetchQuery(trpc.provider.balanceHistory.queryOptions()),
    queryClient.prefetchQuery(trpc.provider.transactions.queryOptions(FIRST_TRANSACTIONS_PAGE)),
    queryClient.prefetchQuery(trpc.provider.allocations.queryOptions(FIRST_ALLOCATIONS_PAGE)),
    // The premiums panel's first page, with the same input it opens with.
    queryClient.prefetchInfiniteQuery(
      trpc.provider.premiums.infiniteQueryOptions(FIRST_PREMIUMS_PAGE, {
        getNextPageParam: (page) => page.history.nextCursor ?? undefined,
      }),
    ),
  ]);
}

function explorerTarget(): ExplorerTarget {
  const env = getEnv();
  return env.localChain ? { kind: 'local' } : { kind: 'hiro', chain: env.stacksNetwork };
}

export default async function DashboardPage() {
  await connection();
  const ids = configuredContractIds();
  await prefetchDashboard();
  return (
    <HydrateClient>
      <div className="space-y-section">
        <PageHeader
          title="Dashboard"
          description="Your balances, yield, the policies you back and every movement of your funds. Only you can see them."
        />
        <RequireSignIn reason="Your portfolio is private: sign in with the wallet that provided the liquidity.">
          <div className="space-y-section">
            <HealthSection ids={ids} />
            <YieldStatsCards />
            <PortfolioPanel />
            {/* premiums panel */}
            <PremiumsPanel />
            <BalanceHistoryPanel />
            <AllocationsTable />
            <TransactionHistory explorer={explorerTarget()} />
            {ids ? <WithdrawPanel ids={ids} /> : null}
          </div>
        </RequireSignIn>
      </div>
    </HydrateClient>
  );
}
