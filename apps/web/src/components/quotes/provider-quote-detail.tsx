'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingStatus, Skeleton } from '@/components/ui/skeleton';
import { StatList } from '@/components/ui/stat-list';
import { TextLink } from '@/components/ui/text-link';
import { formatBps, formatCountdown, formatToken, formatUsd } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import type { SavedQuoteResult } from '@/trpc/types';
import { QuoteNotes } from './quote-notes';
import { StatusBadge } from './status-badge';
import { useNow } from './use-now';

type ProviderSaved = Extract<SavedQuoteResult, { quoteType: 'PROVIDER' }>;

/**
 * A saved yield estimate: what it said, the exact vault deposit it stands for, and its lifecycle
 * (it becomes committed when the deposit is ingested; the owner may decline it).
 */
export function ProviderQuoteDetail({ q }: { q: ProviderSaved }) {
  const trpc = useTRPC();
  const now = useNow();
  const invalidate = useInvalidate();
  const active = q.status === 'ACTIVE';
  const terms = useQuery({ ...trpc.quotes.prepareForChain.queryOptions({ id: q.id }), enabled: active });
  const decline = useMutation(
    trpc.quotes.decline.mutationOptions({
      onSuccess: () => {
        invalidate.savedQuotes();
        void terms.refetch();
      },
    }),
  );
  const p = q.quote.params;
  const deposit = terms.data?.quoteType === 'PROVIDER' ? terms.data : null;
  const search = new URLSearchParams({
    token: p.token,
    amount: p.amount,
    tier: p.tier,
    days: String(p.days),
  });
  return (
    <div className="space-y-section">
      <PageHeader
        title={q.name ?? `Provide ${p.amount} ${p.token} · ${p.tier} · ${p.days} d`}
        meta={
          <>
            <StatusBadge status={q.status} />
            {active ? (
              <span className="text-sm text-slate-600">expires in {formatCountdown(q.expiresAt, now)}</span>
            ) : null}
          </>
        }
      />
      <QuoteNotes notes={q.notes} tags={q.tags} />
      <div className="grid gap-section md:grid-cols-2">
        <Card as="section" aria-labelledby="saved-yield-heading">
          <CardTitle id="saved-yield-heading">Saved yield estimate</CardTitle>
          <StatList
            className="mt-3"
            stats={[
              { term: 'Net yield', value: <strong>{formatUsd(q.quote.netYield.usd)}</strong> },
              { term: 'Premium income', value: formatUsd(q.quote.premiumIncome.usd) },
              { term: 'Expected settlement loss', value: formatUsd(q.quote.expectedSettlementLoss.usd) },
              { term: 'APY', value: formatBps(q.quote.apyBps) },
              { term: 'Expected locked', value: formatBps(q.quote.lockedShareBps) },
              { term: 'Risk level', value: `${q.quote.riskLevel} / 10` },
              { term: 'Estimated', value: q.quote.computedAt.toLocaleString() },
              { term: 'Risk parameters', value: `version ${q.quote.riskParameters.version}` },
            ]}
          />
        </Card>
        <Card as="section" aria-labelledby="deposit-terms-heading">
          <CardTitle id="deposit-terms-heading">Deposit terms</CardTitle>
          <CardDescription>
            The vault call this estimate stands for, in the contract's base units.
          </CardDescription>
          {!active ? (
            <Alert tone="info" className="mt-4">
              {q.status === 'COMMITTED'
                ? `Committed by deposit ${q.committedTxId ?? ''}.`
                : q.status === 'DECLINED'
                  ? 'You declined this estimate.'
                  : 'This estimate has expired.'}{' '}
              <TextLink tone="inherit" href={`/provide?${search}`}>
                Estimate again
              </TextLink>
            </Alert>
          ) : terms.isPending ? (
            <LoadingStatus label="Preparing the deposit terms" className="mt-4">
              <Skeleton className="h-32" />
            </LoadingStatus>
          ) : terms.isError ? (
            <Alert tone="error" className="mt-4">
              {terms.error.message}
            </Alert>
          ) : deposit ? (
            <StatList
              className="mt-4"
              testId="deposit-terms"
              stats={[
                { term: 'Function', value: <code>{deposit.functionName}</code> },
                { term: 'Tier', value: <code>"{deposit.tier}"</code> },
                {
                  term: 'Amount',
                  value: <code>u{deposit.amount}</code>,
                  hint: formatToken(BigInt(deposit.amount), deposit.token),
                },
                {
                  term: 'Period',
                  value: `${deposit.durationBlocks} blocks`,
                  hint: `${deposit.durationDays} days, to burn block ${deposit.periodEndBurnHeight}`,
                },
                {
                  term: 'Room left in the tier',
                  value: formatToken(BigInt(deposit.capacityLeft), deposit.token),
                },
              ]}
            />
          ) : null}
          {active ? (
            <div className="mt-5 flex flex-wrap gap-3">
              <ButtonLink href={`/provide?${search}`}>Deposit on Provide</ButtonLink>
              <Button
                variant="secondary"
                loading={decline.isPending}
                onClick={() => decline.mutate({ id: q.id })}
              >
                Decline
              </Button>
            </div>
          ) : null}
          {decline.isError ? (
            <Alert tone="error" className="mt-3">
              {decline.error.message}
            </Alert>
          ) : null}
        </Card>
      </div>
      <TextLink href="/quotes" className="inline-block text-sm">
        ← All quotes
      </TextLink>
    </div>
  );
}
