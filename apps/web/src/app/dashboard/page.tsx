import type { Metadata } from 'next';
import { connection } from 'next/server';
import { WithdrawPanel } from '@/components/dashboard/withdraw-panel';
import { PortfolioPanel } from '@/components/portfolio-panel';
import { RequireSignIn } from '@/components/wallet/require-sign-in';
import { configuredContractIds } from '@/server/contract-ids';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  await connection();
  const ids = configuredContractIds();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Dashboard</h1>
        <p className="mt-1 text-slate-600">Your balances, collateral and premiums. Only you can see them.</p>
      </div>
      <RequireSignIn reason="Your portfolio is private: sign in with the wallet that provided the liquidity.">
        <div className="space-y-6">
          <PortfolioPanel />
          {ids ? <WithdrawPanel ids={ids} /> : null}
        </div>
      </RequireSignIn>
    </div>
  );
}
