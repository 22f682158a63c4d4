'use client';
import { useQuery } from '@tanstack/react-query';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { StatList } from '@/components/ui/stat-list';
import { TextLink } from '@/components/ui/text-link';
import { formatToken, formatUnits, formatUsd, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  PENDING: { label: 'awaiting collateral', tone: 'warning' },
  ACTIVE: { label: 'active', tone: 'success' },
  EXPIRED: { label: 'expired', tone: 'neutral' },
  EXERCISED: { label: 'paid out', tone: 'info' },
  SETTLED: { label: 'settled', tone: 'info' },
  CANCELLED: { label: 'cancelled (re-org)', tone: 'danger' },
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
      <EmptyState title="No policies yet">
        Price protection on <TextLink href="/protect">Protect</TextLink>, save the quote, and buy it from its
        page.
      </EmptyState>
    );
  return (
    <ul className="grid gap-stack md:grid-cols-2" aria-label="Your policies">
      {policies.data.map((p) => {
        const status = STATUS[p.status] ?? { label: p.status.toLowerCase(), tone: 'neutral' };
        return (
          <Card as="li" key={p.id}>
            <div className="flex items-center justify-between gap-3">
              <h2 className="font-semibold text-slate-900">
                {/* The buyer's side of the option: it holds the protection (coverage A32). */}
                <abbr
                  className="no-underline"
                  title="You bought this protection: it pays you if it is exercised"
                >
                  Long {p.type}
                </abbr>{' '}
                · {formatUnits(p.amountSats, 8)} BTC at {formatUsd(p.strikeUsd, 0)}
              </h2>
              <Badge tone={status.tone}>{status.label}</Badge>
            </div>
            <StatList
              className="mt-3"
              stats={[
                { term: 'Policy', value: `#${p.onchainId ?? '—'}` },
                {
                  term: 'Backed by',
                  value: `${p.tier.charAt(0).toUpperCase()}${p.tier.slice(1)} tier${p.backers > 0 ? ` · ${p.backers} ${p.backers === 1 ? 'provider' : 'providers'}` : ''}`,
                },
                {
                  term: 'Pays out in',
                  value: TOKEN_META[p.token].label,
                  testId: 'policy-payout-asset',
                },
                {
                  // The premium is micro-STX whatever the collateral (the registry collects STX).
                  term: 'Premium paid',
                  value: `${formatToken(p.premiumAmount, 'STX')}${p.premiumUsd > 0n ? ` (${formatUsd(p.premiumUsd)})` : ''}`,
                },
                {
                  term: 'Expires',
                  value: `burn block ${p.expirationHeight.toLocaleString()} (~${p.expiresAt.toLocaleDateString()})`,
                },
                ...(p.settlementAmount !== null
                  ? [
                      {
                        term: 'Paid out',
                        value: <strong>{formatToken(p.settlementAmount, p.token)}</strong>,
                        testId: 'policy-payout',
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        );
      })}
    </ul>
  );
}
