'use client';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { type Column, DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadMore } from '@/components/ui/load-more';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { StatList } from '@/components/ui/stat-list';
import { formatToken, formatUsd, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import type { RouterOutputs } from '@/trpc/types';
import { FIRST_PREMIUMS_PAGE, LIVE_REFRESH_MS } from './dashboard-queries';

type Premiums = RouterOutputs['provider']['premiums'];
type Pending = Premiums['pending'][number];
type HistoryItem = Premiums['history']['items'][number];
type Totals = Premiums['totals'][number];

const policyName = (p: { id: number; onchainId: string | null }) => `#${p.onchainId ?? p.id}`;

/** "block 925,144 ≈ 14 Dec, 09:20" — the height is the rule, the time an estimate. */
function unlockText(dueBurnHeight: number, estimatedDueAt: Date | null, blocksLeft: number | null): string {
  const block = `block ${dueBurnHeight.toLocaleString('en-US')}`;
  if (estimatedDueAt === null || blocksLeft === null) return block;
  if (blocksLeft === 0) return `${block} (reached: earned on the next pass)`;
  return `${block} ≈ ${estimatedDueAt.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

const PENDING_COLUMNS: readonly Column<Pending>[] = [
  { key: 'policy', header: 'Policy', rowHeader: true, cell: (s) => policyName(s.policy) },
  { key: 'type', header: 'Type', cell: (s) => `${s.policy.type} @ ${formatUsd(s.policy.strikeUsd)}` },
  {
    key: 'expiry',
    header: 'Expired at',
    className: 'hidden sm:table-cell',
    cell: (s) => `block ${s.policy.expirationHeight.toLocaleString('en-US')}`,
  },
  {
    key: 'amount',
    header: 'Amount',
    align: 'right',
    cell: (s) => formatToken(s.amount, s.token),
    sortValue: (s) => Number(s.amount),
  },
  {
    key: 'unlocks',
    header: 'Unlocks at',
    cell: (s) => unlockText(s.dueBurnHeight, s.estimatedDueAt, s.blocksLeft),
    sortValue: (s) => s.dueBurnHeight,
  },
];

const HISTORY_COLUMNS: readonly Column<HistoryItem>[] = [
  {
    key: 'kind',
    header: 'What',
    rowHeader: true,
    cell: (h) => (
      <Badge tone={h.kind === 'claimed' ? 'success' : 'info'}>
        {h.kind === 'claimed' ? 'Claimed' : 'Earned'}
      </Badge>
    ),
  },
  {
    key: 'policy',
    header: 'Policy',
    cell: (h) =>
      h.policy
        ? policyName(h.policy)
        : h.claimedPolicies.length > 0
          ? h.claimedPolicies.map((p) => `#${p.onchainId ?? p.policyId}`).join(', ')
          : '—',
  },
  { key: 'amount', header: 'Amount', align: 'right', cell: (h) => formatToken(h.amount, h.token) },
  {
    key: 'at',
    header: 'When',
    className: 'hidden sm:table-cell',
    cell: (h) => h.at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
  },
];

function TokenSummary({ t }: { t: Totals }) {
  return (
    <Card as="section" aria-label={`${TOKEN_META[t.token].label} premiums`}>
      <CardTitle as="h3">{TOKEN_META[t.token].label}</CardTitle>
      <StatList
        className="mt-3"
        stats={[
          {
            term: 'Pending',
            value: formatToken(t.pending, t.token),
            hint: `${t.pendingCount} share${t.pendingCount === 1 ? '' : 's'}${
              t.nextUnlockHeight === null
                ? ''
                : `, next unlocks at block ${t.nextUnlockHeight.toLocaleString('en-US')}`
            }`,
          },
          { term: 'Earned, ready to claim', value: formatToken(t.earned, t.token) },
          { term: 'Claimed', value: formatToken(t.claimed, t.token) },
        ]}
      />
    </Card>
  );
}

/** Claim all: one action over every token's earned premium; explains itself when disabled. */
function ClaimAll({ totals, pending }: { totals: readonly Totals[]; pending: readonly Pending[] }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const claim = useMutation(trpc.provider.claimPremiums.mutationOptions({ onSuccess: invalidate.balances }));
  const earned = totals.filter((t) => t.earned > 0n);
  const next = pending[0];
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          loading={claim.isPending}
          disabled={earned.length === 0}
          aria-describedby="claim-all-note"
          onClick={() => claim.mutate({ requestId: crypto.randomUUID() })}
        >
          {claim.isPending ? 'Claiming…' : 'Claim all'}
        </Button>
        <p id="claim-all-note" className="text-sm text-slate-600">
          {earned.length > 0
            ? `Moves ${earned.map((t) => formatToken(t.earned, t.token)).join(' and ')} to your available balance.`
            : 'Nothing earned to claim yet.'}{' '}
          {next
            ? `Pending shares cannot be claimed early; the next unlocks at ${unlockText(next.dueBurnHeight, next.estimatedDueAt, next.blocksLeft)}.`
            : null}
        </p>
      </div>
      {claim.isSuccess && claim.data.claims.length > 0 ? (
        <Alert tone="success">
          Claimed{' '}
          {claim.data.claims
            .map(
              (c) =>
                `${formatToken(c.amount, c.token)}${c.policies.length ? ` from ${c.policies.length} polic${c.policies.length === 1 ? 'y' : 'ies'}` : ''}`,
            )
            .join(' and ')}
          .
        </Alert>
      ) : null}
      {claim.isError ? <Alert tone="error">{claim.error.message}</Alert> : null}
    </div>
  );
}

/**
 * The provider's premiums: per token what is pending, earned and claimed; the pending shares
 * with their policy and the Bitcoin block they unlock at; the earned and claimed history; and
 * Claim all. Premium shares become earned 144 Bitcoin blocks (about a day) after the policy's
 * expiry.
 */
export function PremiumsPanel() {
  const trpc = useTRPC();
  const premiums = useInfiniteQuery(
    trpc.provider.premiums.infiniteQueryOptions(FIRST_PREMIUMS_PAGE, {
      getNextPageParam: (page) => page.history.nextCursor ?? undefined,
      // Shares come due as blocks are mined: stay live like the rest of the dashboard.
      refetchInterval: LIVE_REFRESH_MS,
    }),
  );
  if (premiums.isPending) return <LoadingCards label="Loading your premiums" />;
  if (premiums.isError)
    return (
      <ErrorPanel
        title="Your premiums could not be loaded"
        message={premiums.error.message}
        onRetry={() => premiums.refetch()}
      />
    );
  const [first] = premiums.data.pages;
  const totals = first?.totals ?? [];
  const pending = first?.pending ?? [];
  const history = premiums.data.pages.flatMap((p) => p.history.items);
  return (
    <section aria-labelledby="premiums-heading" className="space-y-stack">
      <div>
        <CardTitle as="h2" id="premiums-heading">
          Premiums
        </CardTitle>
        <CardDescription>
          Your share of each policy's premium, weighted by your tier, is pending until 144 Bitcoin blocks
          (about a day) after the policy expires, then earned and ready to claim.
        </CardDescription>
      </div>
      {totals.length === 0 ? (
        <EmptyState title="No premiums yet">Premiums appear here once policies you back expire.</EmptyState>
      ) : (
        <>
          <div className="grid gap-stack md:grid-cols-2">
            {totals.map((t) => (
              <TokenSummary key={t.token} t={t} />
            ))}
          </div>
          <ClaimAll totals={totals} pending={pending} />
          <Card>
            <CardTitle as="h3">Pending shares</CardTitle>
            {pending.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">No premium is pending.</p>
            ) : (
              <DataTable
                className="mt-3"
                caption="Pending premium shares"
                columns={PENDING_COLUMNS}
                rows={pending}
                rowKey={(s) => String(s.shareId)}
              />
            )}
          </Card>
          <Card>
            <CardTitle as="h3">Earned and claimed</CardTitle>
            {history.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">Nothing earned yet.</p>
            ) : (
              <DataTable
                className="mt-3"
                caption="Premium history"
                columns={HISTORY_COLUMNS}
                rows={history}
                rowKey={(h) => h.entryId}
                pageSize={20}
              />
            )}
            <LoadMore query={premiums} className="mt-3">
              Load more
            </LoadMore>
          </Card>
        </>
      )}
    </section>
  );
}
