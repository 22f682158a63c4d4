'use client';
import { useQuery } from '@tanstack/react-query';
import { Card, CardTitle } from '@/components/ui/card';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { StatList } from '@/components/ui/stat-list';
import { formatBps, formatToken, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { WHOLE_HISTORY_REFRESH_MS } from './dashboard-queries';

const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const apy = (bps: number | null) => (bps === null ? '—' : formatBps(bps));
/** `1 deposit`, `3 deposits`. */
const count = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/**
 * Per token: premiums earned in total, the realized APY (premium income over the capital actually
 * held, time-weighted; see the README), how long the provider has been active, and what backs
 * live policies now.
 */
export function YieldStatsCards() {
  const trpc = useTRPC();
  const stats = useQuery({
    ...trpc.provider.yieldStats.queryOptions(),
    refetchInterval: WHOLE_HISTORY_REFRESH_MS,
  });
  if (stats.isPending) return <LoadingCards label="Loading your yield" />;
  if (stats.isError)
    return (
      <ErrorPanel
        title="Your yield could not be loaded"
        message={stats.error.message}
        onRetry={() => stats.refetch()}
      />
    );
  // A line is about capital: an sBTC-only backer's STX line (opened for its STX premiums, which
  // show on its sBTC line) has nothing to say.
  const lines = stats.data.filter((s) => s.firstDepositAt !== null || s.totalEarned > 0n);
  if (lines.length === 0) return null;
  return (
    <section aria-labelledby="yield-title" className="space-y-stack">
      <h2 id="yield-title" className="text-lg font-semibold text-slate-900">
        Yield
      </h2>
      <div className="grid gap-stack md:grid-cols-2">
        {lines.map((s) => (
          <Card as="section" key={s.token} data-testid={`yield-${s.token}`}>
            <CardTitle>{TOKEN_META[s.token].label}</CardTitle>
            <StatList
              className="mt-3"
              layout="grid"
              columns={2}
              emphasis
              stats={[
                {
                  term: 'Total earned',
                  // Premiums are STX whatever the capital (the registry collects STX).
                  value: formatToken(s.totalEarned, s.premiumToken, 6),
                  hint: `${s.token === s.premiumToken ? '' : `paid in ${TOKEN_META[s.premiumToken].label} · `}${formatToken(s.pendingPremiums, s.premiumToken)} pending · ${formatToken(s.earnedPremiums, s.premiumToken)} earned · ${formatToken(s.claimedPremiums, s.premiumToken)} claimed`,
                },
                {
                  term: 'Realized APY',
                  value: apy(s.apyBps),
                  hint: `Net of settlements ${apy(s.netApyBps)} · over an average capital of ${formatToken(s.averageCapital, s.token)}`,
                },
                {
                  term: 'Days active',
                  value: s.daysActive.toLocaleString('en-US'),
                  hint: s.firstDepositAt
                    ? `First deposit ${date.format(s.firstDepositAt)} · ${count(s.deposits, 'deposit')} · ${count(s.withdrawals, 'withdrawal')}`
                    : 'No deposit yet',
                },
                {
                  term: 'Backing now',
                  value: `${s.activeAllocations.toLocaleString('en-US')} ${s.activeAllocations === 1 ? 'policy' : 'policies'}`,
                  hint: `${formatToken(s.activeExposure, s.token)} locked${s.lastActivityAt ? ` · last activity ${date.format(s.lastActivityAt)}` : ''}`,
                },
              ]}
            />
          </Card>
        ))}
      </div>
    </section>
  );
}
