import type { Metadata } from 'next';
import { PortfolioPanel } from '@/components/portfolio-panel';
import { RequireSignIn } from '@/components/wallet/require-sign-in';

export const metadata: Metadata = { title: 'Dashboard' };

export default function DashboardPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Dashboard</h1>
        <p className="mt-1 text-slate-600">Your balances, collateral and premiums. Only you can see them.</p>
      </div>
      <RequireSignIn reason="Your portfolio is private: sign in with the wallet that provided the liquidity.">
        <PortfolioPanel />
      </RequireSignIn>
    </div>
  );
}
