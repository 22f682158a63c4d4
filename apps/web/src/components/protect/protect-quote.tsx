'use client';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { ErrorPanel } from '@/components/ui/query-state';
import { LoadingStatus, Skeleton } from '@/components/ui/skeleton';
import { StatList } from '@/components/ui/stat-list';
import { TextLink } from '@/components/ui/text-link';
import { ConnectButton } from '@/components/wallet/connect-button';
import { formatToken, formatUsd, TOKEN_META } from '@/lib/format';
import { payoutAssetNote, payoutToken } from '@/lib/payout-asset';
import { useTRPC } from '@/trpc/client';
import type { BuyerQuoteResult } from '@/trpc/types';
import { useSession } from '@/wallet/use-session';
import { SaveQuoteForm } from '../quotes/save-quote-form';
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

  // The URL follows the parameters as soon as they are valid, so the address bar is always a
  // shareable quote; it is written only once it no longer describes the form (missing parameters
  // read as the defaults). Written on opening, or after a debounce, a replaceState could land after
  // a click on a link and take the reader back here (home.spec).
  useEffect(() => {
    if (!requestKey) return;
    const query = formToSearchParams(form).toString();
    const shown = formToSearchParams(
      formFromSearchParams(new URLSearchParams(window.location.search)),
    ).toString();
    if (query !== shown) window.history.replaceState(null, '', `?${query}`);
  }, [requestKey, form]);

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
    <div className="grid gap-section lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      <Card as="section" aria-labelledby="params-heading" className="h-fit">
        <CardTitle id="params-heading" className="mb-4">
          Your protection
        </CardTitle>
        <QuoteInputs
          form={form}
          errors={errors}
          strikeHint={strikeHint}
          onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
        />
      </Card>

      <section aria-labelledby="quote-heading" aria-busy={updating} className="min-w-0 space-y-section">
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
          <LoadingStatus label="Pricing your protection" className="space-y-stack">
            <Skeleton className="h-36" />
            <Skeleton className="h-72" />
          </LoadingStatus>
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
    <div className={`space-y-section transition-opacity ${stale ? 'opacity-50' : ''}`}>
      <Card>
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
            <br />
            <span data-testid="risk-version">
              {quote.policyType} risk parameters v{quote.riskParameters.version}
            </span>
          </p>
        </div>
        {error ? (
          <Alert tone="error" className="mt-3">
            {error}
          </Alert>
        ) : null}
        <StatList
          className="mt-5"
          layout="grid"
          columns={4}
          stats={[
            { term: 'Of protected value', value: pct(quote.premiumPercentage) },
            { term: 'Annualized', value: pct(quote.annualizedPremiumPercentage, 1) },
            { term: 'Break-even', value: formatUsd(quote.breakEvenUsd, 0), testId: 'break-even' },
            { term: 'Protected value', value: formatUsd(quote.protectedValueUsd, 0) },
            { term: 'Strike', value: formatUsd(quote.strikeUsd, 0), testId: 'strike' },
            { term: 'BTC price', value: formatUsd(quote.spotUsd, 0) },
            {
              term: 'Volatility used',
              value: pct(quote.volatility.charged * 100, 1),
              hint: `${pct(quote.volatility.market * 100, 0)} market (${quote.volatility.source}) × ${quote.riskParameters.params.volatilityMultiplier}`,
            },
            { term: 'Expires in', value: `${quote.params.days} days` },
          ]}
        />
        <p className="mt-3 text-sm text-slate-600" data-testid="payout-asset">
          <strong className="text-slate-900">
            Paid out in {TOKEN_META[payoutToken(quote.policyType)].label}.
          </strong>{' '}
          {payoutAssetNote(payoutToken(quote.policyType))}.
        </p>
        <div className="mt-6">
          <BreakdownBar breakdown={quote.breakdown} premiumUsd={quote.premiumUsd} />
        </div>
      </Card>

      <Card>
        <CardTitle as="h3">Payoff at expiry</CardTitle>
        <CardDescription>
          {isPut
            ? 'The policy pays the shortfall below the strike; below break-even you come out ahead of the premium.'
            : 'The policy pays the excess above the strike; above break-even you come out ahead of the premium.'}
        </CardDescription>
        <PayoffChart
          scenarios={quote.scenarios}
          spot={usdNumber(quote.spotUsd)}
          strike={usdNumber(quote.strikeUsd)}
          breakEven={usdNumber(quote.breakEvenUsd)}
        />
      </Card>

      <div className="grid gap-section md:grid-cols-2">
        <Card>
          <CardTitle as="h3">Greeks</CardTitle>
          <CardDescription>For the whole policy, at the volatility charged.</CardDescription>
          <GreeksList greeks={quote.greeks} />
        </Card>
        <SaveQuote quote={quote} disabled={stale || updating} />
      </div>
    </div>
  );
}

/** A quote's parameters without the what-if spot price (a what-if quote is never saved). */
function withoutSpotOverride(params: BuyerQuoteResult['params']) {
  const { spotOverrideUsd: _, ...saved } = params;
  return saved;
}

function SaveQuote({ quote, disabled }: { quote: BuyerQuoteResult; disabled: boolean }) {
  const { session } = useSession();
  const whatIf = quote.params.spotOverrideUsd !== undefined;
  return (
    <Card>
      <CardTitle as="h3">Save this quote</CardTitle>
      <CardDescription>
        The server re-prices it and holds that premium for 24 hours, with the exact on-chain terms.
      </CardDescription>
      {!session ? (
        <div className="mt-4 flex flex-col items-start gap-2">
          <p className="text-sm text-slate-700">Sign in to save quotes.</p>
          <ConnectButton />
        </div>
      ) : whatIf ? (
        <Alert tone="info" role="note" className="mt-4">
          What-if quotes cannot be saved: clear the hypothetical BTC price first.
        </Alert>
      ) : (
        <SaveQuoteForm
          input={{ params: withoutSpotOverride(quote.params) }}
          nameId="quote-name"
          placeholder="e.g. Q1 hedge"
          disabled={disabled}
          savedNote={(saved) => (
            <>
              Saved at {formatUsd(saved.premiumUsd)}.{' '}
              <TextLink tone="inherit" href={`/quotes/${saved.id}`}>
                View quote
              </TextLink>{' '}
              ·{' '}
              <TextLink tone="inherit" href="/quotes">
                All quotes
              </TextLink>
            </>
          )}
        />
      )}
    </Card>
  );
}
