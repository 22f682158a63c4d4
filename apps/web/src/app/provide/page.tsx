import type { Metadata } from 'next';
import { connection } from 'next/server';
import { PortfolioPanel } from '@/components/portfolio-panel';
import { DepositForm } from '@/components/provide/deposit-form';
import { RequireSignIn } from '@/components/wallet/require-sign-in';
import { configuredContractIds } from '@/server/contract-ids';
import { getEnv } from '@/server/env';

export const metadata: Metadata = { title: 'Provide' };

export default async function ProvidePage() {
  await connection();
  const env = getEnv();
  const ids = configuredContractIds();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Provide liquidity</h1>
        <p className="mt-1 max-w-2xl text-slate-600">
          Deposit STX or sBTC into the vault under a risk tier. Your capital backs protection policies and
          earns their premiums; what it backs is locked until the policies end.
        </p>
      </div>
      <RequireSignIn reason="Deposits come from your wallet: sign in with it first.">
        <div className="grid gap-6 lg:grid-cols-2">
          {ids ? (
            <DepositForm ids={ids} />
          ) : (
            <p
              role="alert"
              className="rounded-xl border border-amber-200 bg-amber-50 p-5 text-sm text-amber-900"
            >
              The vault's address on {env.stacksNetwork} is not configured (CONTRACTS_DEPLOYER).
            </p>
          )}
          <PortfolioPanel />
        </div>
      </RequireSignIn>
    </div>
  );
}
