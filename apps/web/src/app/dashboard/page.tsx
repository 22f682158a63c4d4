import type { Metadata } from 'next';
import { connection } from 'next/server';
import { PortfolioPanel } from '@/components/dashboard/portfolio-panel';
import { WithdrawPanel } from '@/components/dashboard/withdraw-panel';
import { HealthSection } from '@/components/health/health-section';
import { PageHeader } from '@/components/ui/page-header';
import { RequireSignIn } from '@/components/wallet/require-sign-in';
import { configuredContractIds } from '@/server/contract-ids';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  await connection();
  const ids = configuredContractIds();
  return (
    <div className="space-y-section">
      <PageHeader
        title="Dashboard"
        description="Your balances, collateral and premiums. Only you can see them."
      />
      <RequireSignIn reason="Your portfolio is private: sign in with the wallet that provided the liquidity.">
        <div className="space-y-section">
          <HealthSection ids={ids} />
          <PortfolioPanel />
          {ids ? <WithdrawPanel ids={ids} /> : null}
        </div>
      </RequireSignIn>
    </div>
  );
}
