'use client';
import type { TokenOverview } from '@bithedge/api';
import { useQuery } from '@tanstack/react-query';
import { formatBps, formatToken, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { ErrorPanel, LoadingCards } from './query-state';
import { UtilizationBar } from './utilization-bar';

const TIER_LABEL = { conservative: 'Conservative', balanced: 'Balanced', aggressive: 'Aggressive' } as const;

export function PoolOverview({ detail = false }: { detail?: boolean }) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.pool.overview.queryOptions());
  if (overview.isPending) return <LoadingCards label="Loading pool figures" />;
  if (overview.isError) {
    return (
      <ErrorPanel
        title="Pool figures are unavailable"
        message={overview.error.message}
        onRetry={() => overview.refetch()}
      />
    );
  }
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {overview.data.tokens.map((token) => (
        <TokenCard key={token.token} token={token} detail={detail} />
      ))}
    </div>
  );
}

function TokenCard({ token, detail }: { token: TokenOverview; detail: boolean }) {
  const label = TOKEN_META[token.token].label;
  const headingId = `pool-${token.token}`;
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      data-testid={`pool-${token.token}`}
    >
      <div className="flex items-baseline justify-between">
        <h2 id={headingId} className="text-lg font-semibold">
          {label} pool
        </h2>
        <span className="text-sm text-slate-500">{token.providerCount} providers</span>
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-4">
        <Figure
          label="Total capital"
          value={formatToken(token.totalCapital, token.token)}
          testId="total-capital"
        />
        <Figure label="Locked as collateral" value={formatToken(token.locked, token.token)} testId="locked" />
        <Figure label="Available" value={formatToken(token.available, token.token)} testId="available" />
        <Figure label="Utilization" value={formatBps(token.utilizationBps)} testId="utilization" />
      </dl>
      <div className="mt-4">
        <UtilizationBar bps={token.utilizationBps} label={`${label} pool utilization`} />
      </div>
      <table className="mt-5 w-full text-sm">
        <caption className="sr-only">{label} capital by risk tier</caption>
        <thead>
          <tr className="text-left text-slate-500">
            <th scope="col" className="pb-2 font-medium">
              Tier
            </th>
            <th scope="col" className="pb-2 text-right font-medium">
              Capital
            </th>
            <th scope="col" className="pb-2 text-right font-medium">
              Utilization
            </th>
            {detail ? (
              <th scope="col" className="pb-2 text-right font-medium">
                Capacity used
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="tabular">
          {token.tiers.map((tier) => (
            <tr key={tier.tier} className="border-t border-slate-100">
              <th scope="row" className="py-2 text-left font-medium">
                {TIER_LABEL[tier.tier]}
                <span className="ml-2 text-xs font-normal text-slate-500">{tier.providerCount}</span>
              </th>
              <td className="py-2 text-right">{formatToken(tier.totalCapital, token.token)}</td>
              <td className="py-2 text-right">
                <div className="flex items-center justify-end gap-2">
                  <span className="w-14">{formatBps(tier.utilizationBps)}</span>
                  <div className="hidden w-20 sm:block">
                    <UtilizationBar
                      bps={tier.utilizationBps}
                      label={`${TIER_LABEL[tier.tier]} tier utilization`}
                    />
                  </div>
                </div>
              </td>
              {detail ? (
                <td className="py-2 text-right">
                  {formatBps(tier.capacityUsedBps)}
                  <span className="block text-xs text-slate-500">
                    of {formatToken(tier.capacityLimit, token.token, 0)}
                  </span>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="tabular mt-1 text-xl font-semibold" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
