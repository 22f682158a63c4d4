'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatBps, formatToken } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { ClaimPremiumsButton } from './claim-premiums-button';
import { ErrorPanel, LoadingCards } from './query-state';

/** The signed-in provider's own balances per token, tier and collateral health. */
export function PortfolioPanel() {
  const trpc = useTRPC();
  const portfolio = useQuery(trpc.provider.portfolio.queryOptions());
  if (portfolio.isPending) return <LoadingCards label="Loading your portfolio" />;
  if (portfolio.isError)
    return <ErrorPanel title="Your portfolio could not be loaded" message={portfolio.error.message} />;
  const data = portfolio.data;
  if (!data)
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
        <p className="font-medium text-slate-900">No deposits yet</p>
        <p className="mt-1 text-sm text-slate-600">
          This account has not provided liquidity. See the{' '}
          <Link href="/pool" className="font-medium text-brand-700 underline">
            pool
          </Link>{' '}
          for how it is used.
        </p>
      </div>
    );
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-5 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-500">Risk tier</dt>
          <dd className="mt-1 font-semibold capitalize text-slate-900">{data.tier.toLowerCase()}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Collateral health</dt>
          <dd className="mt-1 font-semibold text-slate-900">{data.healthStatus.toLowerCase()}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Collateralization</dt>
          <dd className="mt-1 font-semibold text-slate-900">
            {data.collateralizationRatioBps === null ? '—' : formatBps(data.collateralizationRatioBps)}
          </dd>
        </div>
      </dl>
      <div className="grid gap-4 md:grid-cols-2">
        {data.balances.map((b) => (
          <section key={b.token} className="rounded-xl border border-slate-200 bg-white p-5">
            <h2 className="font-semibold text-slate-900">{b.token === 'SBTC' ? 'sBTC' : 'STX'}</h2>
            <dl className="mt-3 grid grid-cols-2 gap-y-2 text-sm">
              <dt className="text-slate-500">Deposited</dt>
              <dd className="text-right tabular-nums">{formatToken(b.totalDeposited, b.token)}</dd>
              <dt className="text-slate-500">Available</dt>
              <dd className="text-right tabular-nums">{formatToken(b.available, b.token)}</dd>
              <dt className="text-slate-500">Locked as collateral</dt>
              <dd className="text-right tabular-nums">{formatToken(b.locked, b.token)}</dd>
              <dt className="text-slate-500">Pending withdrawal</dt>
              <dd className="text-right tabular-nums">{formatToken(b.pendingWithdrawal, b.token)}</dd>
              <dt className="text-slate-500">Premiums pending</dt>
              <dd className="text-right tabular-nums">{formatToken(b.pendingPremiums, b.token)}</dd>
              <dt className="text-slate-500">Premiums earned</dt>
              <dd className="text-right tabular-nums">{formatToken(b.earnedPremiums, b.token)}</dd>
              {b.earnedPremiums > 0n ? (
                <ClaimPremiumsButton token={b.token} earned={b.earnedPremiums} />
              ) : null}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
