'use client';
import { useQuery } from '@tanstack/react-query';
import { Card, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { StatList } from '@/components/ui/stat-list';
import { TextLink } from '@/components/ui/text-link';
import { formatToken, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';

/** The signed-in provider's own balances per token, tier and collateral health. */
export function PortfolioPanel() {
  const trpc = useTRPC();
  const portfolio = useQuery(trpc.provider.portfolio.queryOptions());
  if (portfolio.isPending) return <LoadingCards label="Loading your portfolio" />;
  if (portfolio.isError)
    return (
      <ErrorPanel
        title="Your portfolio could not be loaded"
        message={portfolio.error.message}
        onRetry={() => portfolio.refetch()}
      />
    );
  const data = portfolio.data;
  if (!data)
    return (
      <EmptyState title="No deposits yet">
        This account has not provided liquidity. See the <TextLink href="/pool">pool</TextLink> for how it is
        used.
      </EmptyState>
    );
  return (
    <div className="space-y-stack">
      <Card>
        <StatList
          layout="grid"
          columns={2}
          stats={[
            { term: 'Risk tier', value: <span className="capitalize">{data.tier.toLowerCase()}</span> },
          ]}
        />
      </Card>
      <div className="grid gap-stack md:grid-cols-2">
        {data.balances.map((b) => (
          <Card as="section" key={b.token}>
            <CardTitle>{TOKEN_META[b.token].label}</CardTitle>
            <StatList
              className="mt-3"
              stats={[
                { term: 'Deposited', value: formatToken(b.totalDeposited, b.token) },
                { term: 'Available', value: formatToken(b.available, b.token) },
                { term: 'Locked as collateral', value: formatToken(b.locked, b.token) },
                { term: 'Pending withdrawal', value: formatToken(b.pendingWithdrawal, b.token) },
                { term: 'Premiums pending', value: formatToken(b.pendingPremiums, b.token) },
                { term: 'Premiums earned', value: formatToken(b.earnedPremiums, b.token) },
              ]}
            />
          </Card>
        ))}
      </div>
    </div>
  );
}
