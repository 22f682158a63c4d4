'use client';
import type { ChainTerms } from '@bithedge/api';
import type { ContractIds } from '@bithedge/contracts';
import { BLOCKS_PER_DAY } from '@bithedge/pricing';
import { useQuery } from '@tanstack/react-query';
import { BreakdownBar } from '@/components/protect/breakdown-bar';
import { Alert } from '@/components/ui/alert';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { LoadingStatus, Skeleton } from '@/components/ui/skeleton';
import { type Stat, StatList } from '@/components/ui/stat-list';
import { TextLink } from '@/components/ui/text-link';
import { formatCountdown, formatToken, formatUnits, formatUsd, TOKEN_META } from '@/lib/format';
import { payoutAssetNote } from '@/lib/payout-asset';
import { useTRPC } from '@/trpc/client';
import type { SavedQuoteResult } from '@/trpc/types';
import { BuyPolicy, formatUsdPair } from './buy-policy';
import { ProviderQuoteDetail } from './provider-quote-detail';
import { QuoteNotes } from './quote-notes';
import { StatusBadge } from './status-badge';
import { useNow } from './use-now';

/**
 * One saved quote: what was quoted, from which snapshot, and the exact terms to buy it on chain
 * today. A saved quote is information; buying re-prices it, so the current terms (refreshed every
 * 30 s) sit next to the saved ones, with both premiums shown when they differ.
 */
export function QuoteDetail({ id, ids }: { id: string; ids: ContractIds | null }) {
  const trpc = useTRPC();
  const saved = useQuery(trpc.quotes.byId.queryOptions({ id }));
  if (saved.isPending) return <LoadingCards count={2} label="Loading the quote" />;
  if (saved.isError)
    return (
      <ErrorPanel
        title={saved.error.data?.code === 'NOT_FOUND' ? 'Quote not found' : 'The quote could not be loaded'}
        message={saved.error.message}
        action={
          <TextLink href="/quotes" tone="inherit">
            Back to your quotes
          </TextLink>
        }
      />
    );
  const q = saved.data;
  return q.quoteType === 'PROVIDER' ? <ProviderQuoteDetail q={q} /> : <BuyerQuoteDetail q={q} ids={ids} />;
}

type BuyerSaved = Extract<SavedQuoteResult, { quoteType: 'BUYER' }>;

function BuyerQuoteDetail({ q, ids }: { q: BuyerSaved; ids: ContractIds | null }) {
  const trpc = useTRPC();
  const now = useNow();
  const active = q.status === 'ACTIVE';
  const query = useQuery({
    ...trpc.quotes.prepareForChain.queryOptions({ id: q.id }),
    enabled: active,
    refetchInterval: 30_000,
  });
  // A buyer quote's terms are always the purchase's; narrowed for the type checker.
  const terms = { ...query, data: query.data?.quoteType === 'BUYER' ? query.data : undefined };
  const p = q.quote.params;
  return (
    <div className="space-y-section">
      <PageHeader
        title={q.name ?? `${q.policyType} ${p.protectedValuePercentage}% · ${p.amount} BTC`}
        meta={
          <>
            <StatusBadge status={q.status} />
            {q.status === 'ACTIVE' ? (
              <span className="text-sm text-slate-600">expires in {formatCountdown(q.expiresAt, now)}</span>
            ) : null}
          </>
        }
      />
      <QuoteNotes notes={q.notes} tags={q.tags} />
      <div className="grid gap-section md:grid-cols-2">
        <Card as="section" aria-labelledby="saved-heading">
          <CardTitle id="saved-heading">Saved quote</CardTitle>
          <StatList
            className="mt-3"
            stats={[
              {
                term: 'Saved premium',
                value: <strong>{formatUsd(q.premiumUsd)}</strong>,
                testId: 'saved-premium',
              },
              { term: 'Type', value: q.policyType },
              {
                term: 'Strike',
                value: `${formatUsd(q.quote.strikeUsd, 0)} (${p.protectedValuePercentage}% of ${formatUsd(q.quote.spotUsd, 0)})`,
              },
              { term: 'Amount', value: `${p.amount} BTC` },
              { term: 'Duration', value: `${p.days} days` },
              { term: 'Break-even', value: formatUsd(q.quote.breakEvenUsd, 0) },
              { term: 'Priced', value: q.quote.computedAt.toLocaleString() },
              { term: 'Risk parameters', value: `version ${q.quote.riskParameters.version}` },
            ]}
          />
          <div className="mt-5">
            <BreakdownBar breakdown={q.quote.breakdown} premiumUsd={q.premiumUsd} />
          </div>
        </Card>
        <Card as="section" aria-labelledby="terms-heading">
          <CardTitle id="terms-heading">Buy at today's price</CardTitle>
          <CardDescription>
            A purchase is re-priced now from the saved parameters: exact base units for the policy-registry
            purchase, at the current BTC and STX prices and burn height.
          </CardDescription>
          {!active ? (
            <Alert tone="info" className="mt-4">
              {q.status === 'EXPIRED'
                ? 'This quote has expired; price a new one on '
                : 'This quote was purchased. See '}
              <TextLink tone="inherit" href={q.status === 'EXPIRED' ? '/protect' : '/policies'}>
                {q.status === 'EXPIRED' ? 'Protect' : 'your policies'}
              </TextLink>
              .
            </Alert>
          ) : terms.isPending || (terms.isSuccess && !terms.data) ? (
            <LoadingStatus label="Preparing on-chain terms" className="mt-4">
              <Skeleton className="h-40" />
            </LoadingStatus>
          ) : terms.isError ? (
            <Alert tone="error" className="mt-4">
              {terms.error.message}
            </Alert>
          ) : terms.data ? (
            <>
              <PriceComparison terms={terms.data} />
              <StatList
                className="mt-4"
                layout="grid"
                columns={1}
                testId="chain-terms"
                stats={[
                  term(
                    'Strike (current)',
                    `${terms.data.strikeUsd} (USD × 10⁸)`,
                    `${formatUsd(terms.data.strikeUsd, 0)}: ${p.protectedValuePercentage}% of today's ${formatUsd(terms.data.spotUsd, 0)}`,
                  ),
                  term(
                    'Amount',
                    `${terms.data.amountSats} sats`,
                    `${formatUnits(terms.data.amountSats, 8)} BTC`,
                  ),
                  term(
                    'Protected value (collateral)',
                    `${terms.data.protectedValue} ${TOKEN_META[terms.data.collateralToken].unit}`,
                    formatToken(terms.data.protectedValue, terms.data.collateralToken),
                  ),
                  term(
                    'Backed and paid out in',
                    TOKEN_META[terms.data.collateralToken].label,
                    payoutAssetNote(terms.data.collateralToken),
                  ),
                  term(
                    'Premium (current)',
                    `${terms.data.premiumMicroStx} µSTX`,
                    `${formatToken(terms.data.premiumMicroStx, 'STX')} for ${formatUsd(terms.data.premiumUsd)}`,
                  ),
                  term(
                    'STX price used',
                    `${terms.data.stxPriceUsd} (USD × 10⁸)`,
                    `${formatUsd(terms.data.stxPriceUsd, 4)} at ${terms.data.stxPriceObservedAt.toLocaleTimeString()}`,
                  ),
                  term(
                    'Expires at burn block',
                    terms.data.expirationBurnHeight.toString(),
                    `now ${terms.data.currentBurnHeight} + ${p.days} × ${BLOCKS_PER_DAY}`,
                  ),
                  term(
                    'Backed by',
                    `${terms.data.backingTier} tier`,
                    'chosen by how far the strike is from the money; riskier tiers fill any gap',
                  ),
                ]}
              />
            </>
          ) : null}
          {active && terms.data && ids ? <BuyPolicy ids={ids} current={terms.data} /> : null}
        </Card>
      </div>
      <TextLink href="/quotes" className="inline-block text-sm">
        ← All quotes
      </TextLink>
    </div>
  );
}

/** The current premium against the saved one: "Saved at $X — now $Y" when they differ. */
function PriceComparison({ terms }: { terms: ChainTerms }) {
  const [saved, now] = formatUsdPair(terms.saved.premiumUsd, terms.premiumUsd);
  const moved = terms.premiumUsd !== terms.saved.premiumUsd;
  return (
    <Alert tone={moved ? 'warning' : 'info'} role="note" data-testid="price-comparison" className="mt-4">
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
    </Alert>
  );
}

/** An on-chain term: the exact base units the contract receives, and what they mean. */
function term(label: string, units: string, human: string): Stat {
  return {
    term: label,
    value: <span className="break-all font-mono font-normal">{units}</span>,
    hint: human,
  };
}
