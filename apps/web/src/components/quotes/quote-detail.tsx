'use client';
import type { ChainTerms } from '@bithedge/api';
import type { ContractIds } from '@bithedge/contracts';
import { BLOCKS_PER_DAY } from '@bithedge/pricing';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { BreakdownBar } from '@/components/protect/breakdown-bar';
import { ErrorPanel, LoadingCards } from '@/components/query-state';
import { formatCountdown, formatToken, formatUnits, formatUsd } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { BuyPolicy, formatUsdPair } from './buy-policy';
import { StatusBadge } from './status-badge';
import { useNow } from './use-now';

/**
 * One saved quote: what was quoted, from which snapshot, and the exact terms to buy it on chain
 * today. A saved quote is information; buying re-prices it, so the current terms (refreshed every
 * 30 s) sit next to the saved ones, with both premiums shown when they differ.
 */
export function QuoteDetail({ id, ids }: { id: string; ids: ContractIds | null }) {
  const trpc = useTRPC();
  const now = useNow();
  const saved = useQuery(trpc.quotes.byId.queryOptions({ id }));
  const active = saved.data?.status === 'ACTIVE';
  const terms = useQuery({
    ...trpc.quotes.prepareForChain.queryOptions({ id }),
    enabled: active,
    refetchInterval: 30_000,
  });

  if (saved.isPending) return <LoadingCards count={2} label="Loading the quote" />;
  if (saved.isError)
    return (
      <ErrorPanel
        title={saved.error.data?.code === 'NOT_FOUND' ? 'Quote not found' : 'The quote could not be loaded'}
        message={saved.error.message}
        action={
          <Link href="/quotes" className="text-sm font-medium underline">
            Back to your quotes
          </Link>
        }
      />
    );
  const q = saved.data;
  const p = q.quote.params;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">
          {q.name ?? `${q.policyType} ${p.protectedValuePercentage}% · ${p.amount} BTC`}
        </h1>
        <StatusBadge status={q.status} />
        {q.status === 'ACTIVE' ? (
          <span className="text-sm text-slate-600">expires in {formatCountdown(q.expiresAt, now)}</span>
        ) : null}
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="font-semibold text-slate-900">Saved quote</h2>
          <dl className="mt-3 grid grid-cols-2 gap-y-2 text-sm">
            <dt className="text-slate-500">Saved premium</dt>
            <dd className="text-right font-semibold tabular-nums" data-testid="saved-premium">
              {formatUsd(q.premiumUsd)}
            </dd>
            <dt className="text-slate-500">Type</dt>
            <dd className="text-right">{q.policyType}</dd>
            <dt className="text-slate-500">Strike</dt>
            <dd className="text-right tabular-nums">
              {formatUsd(q.quote.strikeUsd, 0)} ({p.protectedValuePercentage}% of{' '}
              {formatUsd(q.quote.spotUsd, 0)})
            </dd>
            <dt className="text-slate-500">Amount</dt>
            <dd className="text-right tabular-nums">{p.amount} BTC</dd>
            <dt className="text-slate-500">Duration</dt>
            <dd className="text-right">{p.days} days</dd>
            <dt className="text-slate-500">Break-even</dt>
            <dd className="text-right tabular-nums">{formatUsd(q.quote.breakEvenUsd, 0)}</dd>
            <dt className="text-slate-500">Priced</dt>
            <dd className="text-right">{q.quote.computedAt.toLocaleString()}</dd>
            <dt className="text-slate-500">Risk parameters</dt>
            <dd className="text-right">version {q.quote.riskParameters.version}</dd>
          </dl>
          <div className="mt-5">
            <BreakdownBar breakdown={q.quote.breakdown} premiumUsd={q.premiumUsd} />
          </div>
        </section>
        <section
          className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
          aria-labelledby="terms-heading"
        >
          <h2 id="terms-heading" className="font-semibold text-slate-900">
            Buy at today's price
          </h2>
          <p className="text-sm text-slate-600">
            A purchase is re-priced now from the saved parameters: exact base units for the policy-registry
            purchase, at the current BTC and STX prices and burn height.
          </p>
          {!active ? (
            <p className="mt-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
              {q.status === 'EXPIRED'
                ? 'This quote has expired; price a new one on '
                : 'This quote was purchased. See '}
              <Link
                href={q.status === 'EXPIRED' ? '/protect' : '/policies'}
                className="font-medium underline"
              >
                {q.status === 'EXPIRED' ? 'Protect' : 'your policies'}
              </Link>
              .
            </p>
          ) : terms.isPending ? (
            <div role="status" className="mt-4 h-40 animate-pulse rounded-lg bg-slate-100">
              <span className="sr-only">Preparing on-chain terms…</span>
            </div>
          ) : terms.isError ? (
            <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {terms.error.message}
            </p>
          ) : (
            <>
              <PriceComparison terms={terms.data} />
              <dl className="mt-4 grid grid-cols-1 gap-y-3 text-sm" data-testid="chain-terms">
                <Term
                  label="Strike (current)"
                  units={`${terms.data.strikeUsd} (USD × 10⁸)`}
                  human={`${formatUsd(terms.data.strikeUsd, 0)}: ${p.protectedValuePercentage}% of today's ${formatUsd(terms.data.spotUsd, 0)}`}
                />
                <Term
                  label="Amount"
                  units={`${terms.data.amountSats} sats`}
                  human={`${formatUnits(terms.data.amountSats, 8)} BTC`}
                />
                <Term
                  label="Protected value (collateral)"
                  units={`${terms.data.protectedValueMicroStx} µSTX`}
                  human={formatToken(terms.data.protectedValueMicroStx, 'STX')}
                />
                <Term
                  label="Premium (current)"
                  units={`${terms.data.premiumMicroStx} µSTX`}
                  human={`${formatToken(terms.data.premiumMicroStx, 'STX')} for ${formatUsd(terms.data.premiumUsd)}`}
                />
                <Term
                  label="STX price used"
                  units={`${terms.data.stxPriceUsd} (USD × 10⁸)`}
                  human={`${formatUsd(terms.data.stxPriceUsd, 4)} at ${terms.data.stxPriceObservedAt.toLocaleTimeString()}`}
                />
                <Term
                  label="Expires at burn block"
                  units={terms.data.expirationBurnHeight.toString()}
                  human={`now ${terms.data.currentBurnHeight} + ${p.days} × ${BLOCKS_PER_DAY}`}
                />
                <Term
                  label="Backed by"
                  units={`${terms.data.backingTier} tier`}
                  human="chosen by how far the strike is from the money; riskier tiers fill any gap"
                />
              </dl>
            </>
          )}
          {active && terms.isSuccess && ids ? <BuyPolicy ids={ids} current={terms.data} /> : null}
        </section>
      </div>
      <Link href="/quotes" className="inline-block text-sm font-medium text-brand-700 underline">
        ← All quotes
      </Link>
    </div>
  );
}

/** The current premium against the saved one: "Saved at $X — now $Y" when they differ. */
function PriceComparison({ terms }: { terms: ChainTerms }) {
  const [saved, now] = formatUsdPair(terms.saved.premiumUsd, terms.premiumUsd);
  const moved = terms.premiumUsd !== terms.saved.premiumUsd;
  return (
    <p
      data-testid="price-comparison"
      className={`mt-4 rounded-md px-3 py-2 text-sm ${moved ? 'bg-amber-50 text-amber-950' : 'bg-slate-50 text-slate-700'}`}
    >
      {moved ? (
        <>
          Saved at <s>{saved}</s> — now <strong>{now}</strong>. BTC has moved since this quote was priced; a
          purchase pays today's premium for today's strike, and you confirm it first.
        </>
      ) : (
        <>
          Today's premium is the saved one: {now}, re-priced at {terms.pricedAt.toLocaleTimeString()}.
        </>
      )}
    </p>
  );
}

function Term({ label, units, human }: { label: string; units: string; human: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-all font-mono text-slate-900">{units}</dd>
      <dd className="text-xs text-slate-500">{human}</dd>
    </div>
  );
}
