'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ErrorPanel, LoadingCards } from '@/components/query-state';
import { formatToken, formatUnits, formatUsd } from '@/lib/format';
import { useTRPC } from '@/trpc/client';

const STATUS: Record<string, { label: string; className: string }> = {
  PENDING: { label: 'awaiting collateral', className: 'bg-amber-50 text-amber-800 ring-amber-200' },
  ACTIVE: { label: 'active', className: 'bg-emerald-50 text-emerald-800 ring-emerald-200' },
  EXPIRED: { label: 'expired', className: 'bg-slate-100 text-slate-600 ring-slate-200' },
  EXERCISED: { label: 'paid out', className: 'bg-sky-50 text-sky-800 ring-sky-200' },
  SETTLED: { label: 'settled', className: 'bg-sky-50 text-sky-800 ring-sky-200' },
  CANCELLED: { label: 'cancelled (re-org)', className: 'bg-red-50 text-red-800 ring-red-200' },
};

/** The signed-in buyer's policies: terms, status, and what each paid out. */
export function PolicyList() {
  const trpc = useTRPC();
  const policies = useQuery({
    ...trpc.policies.mine.queryOptions(),
    // A just-bought policy turns active once its collateral is locked: look again meanwhile.
    refetchInterval: (query) => (query.state.data?.some((p) => p.status === 'PENDING') ? 3_000 : 30_000),
  });
  if (policies.isPending) return <LoadingCards label="Loading your policies" />;
  if (policies.isError)
    return (
      <ErrorPanel
        title="Your policies could not be loaded"
        message={policies.error.message}
        onRetry={() => policies.refetch()}
      />
    );
  if (policies.data.length === 0)
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
        <p className="font-medium text-slate-900">No policies yet</p>
        <p className="mt-1 text-sm text-slate-600">
          Price protection on{' '}
          <Link href="/protect" className="font-medium text-brand-700 underline">
            Protect
          </Link>
          , save the quote, and buy it from its page.
        </p>
      </div>
    );
  return (
    <ul className="grid gap-4 md:grid-cols-2" aria-label="Your policies">
      {policies.data.map((p) => {
        const status = STATUS[p.status] ?? { label: p.status.toLowerCase(), className: '' };
        return (
          <li key={p.id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <div className="flex items-center justify-between gap-3">
              <h2 className="font-semibold text-slate-900">
                {p.type} · {formatUnits(p.amountSats, 8)} BTC at {formatUsd(p.strikeUsd, 0)}
              </h2>
              <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ${status.className}`}>
                {status.label}
              </span>
            </div>
            <dl className="mt-3 grid grid-cols-2 gap-y-2 text-sm">
              <dt className="text-slate-500">Policy</dt>
              <dd className="text-right tabular-nums">#{p.onchainId ?? '—'}</dd>
              <dt className="text-slate-500">Premium paid</dt>
              <dd className="text-right tabular-nums">
                {formatToken(p.premiumAmount, p.token)}
                {p.premiumUsd > 0n ? ` (${formatUsd(p.premiumUsd)})` : ''}
              </dd>
              <dt className="text-slate-500">Expires</dt>
              <dd className="text-right">
                burn block {p.expirationHeight.toLocaleString()} (~{p.expiresAt.toLocaleDateString()})
              </dd>
              {p.settlementAmount !== null ? (
                <>
                  <dt className="text-slate-500">Paid out</dt>
                  <dd className="text-right font-semibold tabular-nums" data-testid="policy-payout">
                    {formatToken(p.settlementAmount, p.token)}
                  </dd>
                </>
              ) : null}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
