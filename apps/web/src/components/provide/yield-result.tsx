'use client';
import { Alert } from '@/components/ui/alert';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { StatList } from '@/components/ui/stat-list';
import { TextLink } from '@/components/ui/text-link';
import { formatBps, formatToken, formatUsd } from '@/lib/format';
import type { RouterOutputs } from '@/trpc/types';
import { useSession } from '@/wallet/use-session';
import { SaveQuoteForm } from '../quotes/save-quote-form';
import { YieldChart } from './yield-chart-lazy';

export type YieldQuoteResult = RouterOutputs['pricing']['providerYieldQuote'];
const usdNumber = (units: bigint) => Number(units) / 1e8;

/** The estimate: headline figures, the projected income chart, the assumptions, and saving it. */
export function YieldResult({
  quote,
  updating,
  stale,
  error,
}: {
  quote: YieldQuoteResult;
  updating: boolean;
  stale: boolean;
  error: string | null;
}) {
  const points = quote.projection.map((p) => ({
    day: p.day,
    income: usdNumber(p.premiumIncomeUsd),
    loss: usdNumber(p.expectedLossUsd),
    net: usdNumber(p.netUsd),
  }));
  return (
    <div className={`space-y-section transition-opacity ${stale ? 'opacity-50' : ''}`}>
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div>
            <p className="text-sm text-slate-600">Estimated net yield over {quote.params.days} days</p>
            <p className="text-3xl font-bold tabular-nums text-slate-900" data-testid="yield-net-usd">
              {formatUsd(quote.netYield.usd)}
            </p>
            <p className="text-sm tabular-nums text-slate-600" data-testid="yield-net-token">
              ≈ {formatToken(quote.netYield.units, quote.token)} · {formatBps(quote.apyBps)} APY
            </p>
          </div>
          <p aria-live="polite" className="text-xs text-slate-500">
            {updating
              ? 'Updating…'
              : stale
                ? 'Fix the highlighted field to update'
                : `Estimated ${quote.computedAt.toLocaleTimeString()}`}
          </p>
        </div>
        {error ? (
          <Alert tone="error" className="mt-3">
            {error}
          </Alert>
        ) : null}
        <StatList className="mt-5" layout="grid" columns={3} testId="yield-figures" stats={figures(quote)} />
      </Card>
      <Card>
        <CardTitle as="h3">Projected income</CardTitle>
        <CardDescription>Cumulative, day by day, accrued evenly over the period.</CardDescription>
        <YieldChart points={points} />
      </Card>
      <div className="grid gap-section md:grid-cols-2">
        <Assumptions quote={quote} />
        <SaveYieldQuote quote={quote} disabled={stale || updating} />
      </div>
    </div>
  );
}

function figures(quote: YieldQuoteResult) {
  return [
    {
      term: 'Premium income',
      value: formatUsd(quote.premiumIncome.usd),
      hint: formatToken(quote.premiumIncome.units, quote.token),
      testId: 'yield-income',
    },
    {
      term: 'Expected settlement loss',
      value: formatUsd(quote.expectedSettlementLoss.usd),
      hint: formatToken(quote.expectedSettlementLoss.units, quote.token),
    },
    { term: 'APY (net)', value: formatBps(quote.apyBps), testId: 'yield-apy' },
    {
      term: 'Expected locked',
      value: formatBps(quote.lockedShareBps),
      hint: 'share of the time your capital backs policies',
    },
    {
      term: 'Risk level',
      value: `${quote.riskLevel} / 10`,
      hint: `${(quote.exerciseProbability * 100).toFixed(1)}% chance a backed ${quote.policyType} pays out`,
    },
    quote.policyType === 'CALL'
      ? {
          term: 'BTC sale price',
          value: formatUsd(quote.btcAcquisitionPriceUsd, 0),
          hint: 'strike plus premium, if a backed CALL is exercised (paid in sBTC)',
        }
      : {
          term: 'BTC acquisition price',
          value: formatUsd(quote.btcAcquisitionPriceUsd, 0),
          hint: 'strike less premium, if a backed PUT is exercised',
        },
  ];
}

function Assumptions({ quote }: { quote: YieldQuoteResult }) {
  const a = quote.assumptions;
  const price = (asset: 'BTC' | 'STX') =>
    `${formatUsd(a.prices[asset].priceUsd, asset === 'BTC' ? 0 : 4)} (${a.prices[asset].ageSeconds} s old)`;
  return (
    <Card as="section" aria-labelledby="assumptions-heading">
      <CardTitle id="assumptions-heading" as="h3">
        Assumptions
      </CardTitle>
      <CardDescription>{a.premiumModel}.</CardDescription>
      <StatList
        className="mt-3"
        testId="yield-assumptions"
        stats={[
          { term: 'Strike backed', value: `${a.strikePercentage}% of spot` },
          { term: 'Policy term', value: `${a.policyTermDays} days, rolled over` },
          {
            term: 'Tier utilization now',
            value: formatBps(a.utilization.currentBps),
            hint: `${formatToken(a.utilization.tierLocked, quote.token)} locked of ${formatToken(a.utilization.tierCapital, quote.token)}`,
          },
          { term: 'After your deposit', value: formatBps(a.utilization.afterDepositBps) },
          {
            term: 'BTC volatility',
            value: `${(a.volatility.value * 100).toFixed(1)}%`,
            hint: a.volatility.source,
          },
          { term: 'Risk parameters', value: `version ${a.riskParameters.version}` },
          { term: 'BTC price', value: price('BTC') },
          { term: 'STX price', value: price('STX') },
        ]}
      />
    </Card>
  );
}

function SaveYieldQuote({ quote, disabled }: { quote: YieldQuoteResult; disabled: boolean }) {
  const { session } = useSession();
  return (
    <Card>
      <CardTitle as="h3">Save this estimate</CardTitle>
      <CardDescription>
        The server re-computes it and keeps it for 24 hours with its deposit terms.
      </CardDescription>
      {!session ? (
        <p className="mt-4 text-sm text-slate-700">Sign in at the deposit step to save estimates.</p>
      ) : (
        <SaveQuoteForm
          input={{ quoteType: 'PROVIDER', params: quote.params }}
          nameId="yield-quote-name"
          placeholder="e.g. Balanced, 3 months"
          variant="secondary"
          disabled={disabled}
          savedNote={(saved) => (
            <>
              Saved.{' '}
              <TextLink tone="inherit" href={`/quotes/${saved.id}`}>
                View quote
              </TextLink>
            </>
          )}
        />
      )}
    </Card>
  );
}
