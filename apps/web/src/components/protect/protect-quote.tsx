'use client';
import { keepPreviousData, skipToken, useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { ErrorPanel } from '@/components/query-state';
import { ConnectButton } from '@/components/wallet/connect-button';
import { formatToken, formatUsd } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import type { BuyerQuoteResult } from '@/trpc/types';
import { useSession } from '@/wallet/use-session';
import { BreakdownBar } from './breakdown-bar';
import { GreeksList } from './greeks-list';
import { PayoffChart } from './payoff-chart-lazy';
import {
  formFromSearchParams,
  formToSearchParams,
  type QuoteForm,
  type QuoteRequest,
  validateForm,
} from './quote-form-state';
import { QuoteInputs } from './quote-inputs';
import { useDebounced } from './use-debounced';

const DEBOUNCE_MS = 250;
const usdNumber = (units: bigint) => Number(units) / 1e8;
const pct = (value: number, digits = 2) => `${value.toFixed(digits)}%`;

/** The live quote: parameters on the left, premium, breakdown, payoff and Greeks on the right. */
export function ProtectQuote() {
  const trpc = useTRPC();
  const searchParams = useSearchParams();
  const [form, setForm] = useState<QuoteForm>(() => formFromSearchParams(new URLSearchParams(searchParams)));
  const validation = validateForm(form);
  const errors = 'errors' in validation ? validation.errors : {};
  // Debounce the request as a string: a new object each render would never settle.
  const requestKey = 'request' in validation ? JSON.stringify(validation.request) : null;
  const settledKey = useDebounced(requestKey, DEBOUNCE_MS);
  const request = useMemo(() => (settledKey ? (JSON.parse(settledKey) as QuoteRequest) : null), [settledKey]);

  // The URL follows the settled parameters, so the address bar is always a shareable quote.
  useEffect(() => {
    if (!request) return;
    const query = formToSearchParams(form).toString();
    if (window.location.search !== `?${query}`) window.history.replaceState(null, '', `?${query}`);
  }, [request, form]);

  const quote = useQuery({
    // A superseded request is aborted: React Query cancels a query once nothing observes it.
    ...trpc.pricing.buyerQuote.queryOptions(request ?? skipToken),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const updating = quote.isFetching && (quote.isPlaceholderData || requestKey !== settledKey);
  const data = quote.data;
  const strikeHint = data
    ? `Strike ${formatUsd(data.strikeUsd, 0)} at today’s ${formatUsd(data.spotUsd, 0)}`
    : null;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      <section
        aria-labelledby="params-heading"
        className="h-fit rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="params-heading" className="mb-4 font-semibold text-slate-900">
          Your protection
        </h2>
        <QuoteInputs
          form={form}
          errors={errors}
          strikeHint={strikeHint}
          onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
        />
      </section>

      <section aria-labelledby="quote-heading" aria-busy={updating} className="min-w-0 space-y-6">
        <h2 id="quote-heading" className="sr-only">
          Quote
        </h2>
        {quote.isError && !data ? (
          <ErrorPanel
            title="No quote right now"
            message={quote.error.message}
            onRetry={() => quote.refetch()}
          />
        ) : !data ? (
          <div role="status" className="space-y-4">
            <span className="sr-only">Pricing your protection…</span>
            <div className="h-36 animate-pulse rounded-xl border border-slate-200 bg-white" />
            <div className="h-72 animate-pulse rounded-xl border border-slate-200 bg-white" />
          </div>
        ) : (
          <QuoteResult
            quote={data}
            updating={updating}
            stale={requestKey === null}
            error={quote.isError ? quote.error.message : null}
          />
        )}
      </section>
    </div>
  );
}

function QuoteResult({
  quote,
  updating,
  stale,
  error,
}: {
  quote: BuyerQuoteResult;
  updating: boolean;
  stale: boolean;
  error: string | null;
}) {
  const isPut = quote.policyType === 'PUT';
  return (
    <div className={`space-y-6 transition-opacity ${stale ? 'opacity-50' : ''}`}>
      <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <p className="text-sm text-slate-600">Premium</p>
            <p className="text-3xl font-bold tabular-nums text-slate-900" data-testid="premium-usd">
              {formatUsd(quote.premiumUsd)}
            </p>
            <p className="text-sm tabular-nums text-slate-600" data-testid="premium-stx">
              ≈ {formatToken(quote.premiumMicroStx, 'STX')} at {formatUsd(quote.market.STX.priceUsd, 4)}/STX
            </p>
          </div>
          <p aria-live="polite" className="text-xs text-slate-500">
            {updating
              ? 'Updating…'
              : stale
                ? 'Fix the highlighted field to update'
                : `Priced ${quote.computedAt.toLocaleTimeString()}`}
          </p>
        </div>
        {error ? (
          <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        ) : null}
        <dl className="mt-5 grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
          <Stat label="Of protected value" value={pct(quote.premiumPercentage)} />
          <Stat label="Annualized" value={pct(quote.annualizedPremiumPercentage, 1)} />
          <Stat label="Break-even" value={formatUsd(quote.breakEvenUsd, 0)} testId="break-even" />
          <Stat label="Protected value" value={formatUsd(quote.protectedValueUsd, 0)} />
          <Stat label="Strike" value={formatUsd(quote.strikeUsd, 0)} testId="strike" />
          <Stat label="BTC price" value={formatUsd(quote.spotUsd, 0)} />
          <Stat
            label="Volatility used"
            value={pct(quote.volatility.charged * 100, 1)}
            hint={`${pct(quote.volatility.market * 100, 0)} market (${quote.volatility.source}) × ${quote.riskParameters.params.volatilityMultiplier}`}
          />
          <Stat label="Expires in" value={`${quote.params.days} days`} />
        </dl>
        <div className="mt-6">
          <BreakdownBar breakdown={quote.breakdown} premiumUsd={quote.premiumUsd} />
        </div>
      </div>

      <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <h3 className="font-semibold text-slate-900">Payoff at expiry</h3>
        <p className="text-sm text-slate-600">
          {isPut
            ? 'The policy pays the shortfall below the strike; below break-even you come out ahead of the premium.'
            : 'The policy pays the excess above the strike; above break-even you come out ahead of the premium.'}
        </p>
        <PayoffChart
          scenarios={quote.scenarios}
          spot={usdNumber(quote.spotUsd)}
          strike={usdNumber(quote.strikeUsd)}
          breakEven={usdNumber(quote.breakEvenUsd)}
        />
      </div>

      <div className="grid gap-6 md:grid-cols-2">
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
          <h3 className="font-semibold text-slate-900">Greeks</h3>
          <p className="text-xs text-slate-500">For the whole policy, at the volatility charged.</p>
          <GreeksList greeks={quote.greeks} />
        </div>
        <SaveQuote quote={quote} disabled={stale || updating} />
      </div>
    </div>
  );
}

function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId?: string;
}) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {value}
      </dd>
      {hint ? <dd className="text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}

function SaveQuote({ quote, disabled }: { quote: BuyerQuoteResult; disabled: boolean }) {
  const trpc = useTRPC();
  const { session } = useSession();
  const [name, setName] = useState('');
  const save = useMutation(trpc.quotes.save.mutationOptions());
  const whatIf = quote.params.spotOverrideUsd !== undefined;
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h3 className="font-semibold text-slate-900">Save this quote</h3>
      <p className="text-sm text-slate-600">
        The server re-prices it and holds that premium for 24 hours, with the exact on-chain terms.
      </p>
      {!session ? (
        <div className="mt-4 flex flex-col items-start gap-2">
          <p className="text-sm text-slate-700">Sign in to save quotes.</p>
          <ConnectButton />
        </div>
      ) : whatIf ? (
        <p className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          What-if quotes cannot be saved: clear the hypothetical BTC price first.
        </p>
      ) : (
        <form
          className="mt-4 space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const { spotOverrideUsd: _, ...params } = quote.params;
            save.mutate({ params, ...(name.trim() ? { name: name.trim() } : {}) });
          }}
        >
          <label htmlFor="quote-name" className="block text-sm font-medium text-slate-800">
            Name (optional)
          </label>
          <input
            id="quote-name"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Q1 hedge"
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-2 focus:outline-brand-500"
          />
          <button
            type="submit"
            disabled={disabled || save.isPending}
            className="w-full rounded-md bg-brand-500 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
          >
            {save.isPending ? 'Saving…' : 'Save quote'}
          </button>
          {save.isSuccess ? (
            <p role="status" className="text-sm text-emerald-800">
              Saved at {formatUsd(save.data.premiumUsd)}.{' '}
              <Link href={`/quotes/${save.data.id}`} className="font-medium underline">
                View quote
              </Link>{' '}
              ·{' '}
              <Link href="/quotes" className="font-medium underline">
                All quotes
              </Link>
            </p>
          ) : null}
          {save.isError ? (
            <p role="alert" className="text-sm text-red-700">
              {save.error.message}
            </p>
          ) : null}
        </form>
      )}
    </div>
  );
}
