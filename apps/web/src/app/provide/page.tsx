import type { Metadata } from 'next';
import { connection } from 'next/server';
import { PortfolioPanel } from '@/components/dashboard/portfolio-panel';
import { DepositForm } from '@/components/provide/deposit-form';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { RequireSignIn } from '@/components/wallet/require-sign-in';
import { configuredContractIds } from '@/server/contract-ids';
import { getEnv } from '@/server/env';

export const metadata: Metadata = { title: 'Provide' };

export default async function ProvidePage() {
  await connection();
  const env = getEnv();
  const ids = configuredContractIds();
  return (
    <div className="space-y-section">
      <PageHeader
        title="Provide liquidity"
        description="Deposit STX or sBTC into the vault under a risk tier. Your capital backs protection policies and earns their premiums; what it backs is locked until the policies end."
      />
      <RequireSignIn reason="Deposits come from your wallet: sign in with it first.">
        <div className="grid gap-section lg:grid-cols-2">
          {ids ? (
            <DepositForm ids={ids} />
          ) : (
            <Alert tone="warning" className="h-fit">
              The vault's address on {env.stacksNetwork} is not configured (CONTRACTS_DEPLOYER).
            </Alert>
          )}
          <PortfolioPanel />
        </div>
      </RequireSignIn>
    </div>
  );
}
