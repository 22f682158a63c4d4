'use client';
import type { ContractIds } from '@bithedge/contracts';
import type { Token } from '@bithedge/db';
import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { StatList } from '@/components/ui/stat-list';
import { formatBps, formatToken, formatUsd, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { HealthGauge } from './health-gauge';
import { describeTransition, STATUS_LABEL, STATUS_TONE } from './health-text';
import { TopUpButton } from './top-up-button';

/** Health moves with prices: look again every 15 s while the dashboard is open. */
const REFRESH_MS = 15_000;

/**
 * The signed-in provider's collateral health: status, ratio against its tier's thresholds, what
 * may be withdrawn now, and — in Warning or MarginCall — a banner naming the deposit that restores
 * it, with a one-click top-up through the wallet's deposit call.
 */
export function HealthPanel({ ids, tier }: { ids: ContractIds | null; tier: string }) {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.provider.health.queryOptions(), refetchInterval: REFRESH_MS });
  if (health.isPending) return <LoadingCards count={1} label="Loading your collateral health" />;
  if (health.isError)
    return (
      <ErrorPanel
        title="Your collateral health could not be loaded"
        message={health.error.message}
        onRetry={() => health.refetch()}
      />
    );
  const data = health.data;
  if (!data) return null;
  const { current, thresholds, lastCheck } = data;
  const status = current?.status ?? lastCheck.status;
  const ratioBps = current ? current.ratioBps : lastCheck.ratioBps;
  const restore = current ? restoringDeposit(current.depositToRestore) : null;

  return (
    <div className="space-y-stack" data-testid="health-panel" data-status={status}>
      {status !== 'healthy' ? (
        <Alert
          tone={status === 'margin_call' ? 'error' : 'warning'}
          title={
            status === 'margin_call' ? 'Margin call: withdrawals are paused' : 'Collateral health: Warning'
          }
          action={
            restore && ids ? (
              <TopUpButton ids={ids} tier={tier} token={restore.token} minimum={restore.amount} />
            ) : null
          }
          data-testid="health-banner"
        >
          Your collateral ratio is {ratioBps === null ? '—' : formatBps(Number(ratioBps))}, below your tier's
          warning threshold of {formatBps(thresholds.warningThresholdBps)}
          {status === 'margin_call'
            ? ` and its margin-call threshold of ${formatBps(thresholds.marginCallThresholdBps)}: withdrawals are refused and no new policies are allocated to you.`
            : '.'}
          {restore ? (
            <>
              {' '}
              Deposit at least{' '}
              <strong data-testid="restore-amount">{formatToken(restore.amount, restore.token, 6)}</strong> to
              restore health (the top-up adds 2% so a small price move does not undo it).
            </>
          ) : null}
        </Alert>
      ) : null}
      <Card as="section" aria-labelledby="health-title">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle id="health-title">Collateral health</CardTitle>
          <Badge tone={STATUS_TONE[status]}>
            <span data-testid="health-status">{STATUS_LABEL[status]}</span>
          </Badge>
        </div>
        <CardDescription>
          Your capital (available and locked) at today's prices against what the policies you back could pay
          out. Below {formatBps(thresholds.warningThresholdBps)} you get a warning; below{' '}
          {formatBps(thresholds.marginCallThresholdBps)} withdrawals stop until a deposit restores it.
        </CardDescription>
        {ratioBps === null ? (
          <p className="mt-4 text-sm text-slate-600">
            No exposure: no policy is backed by your capital right now, so all of it may be withdrawn.
          </p>
        ) : (
          <HealthGauge ratioBps={ratioBps} thresholds={thresholds} className="mt-4" />
        )}
        {data.waiting ? (
          <Alert tone="info" className="mt-4">
            Waiting for fresh prices: the figures below are from the last check.
          </Alert>
        ) : null}
        <StatList
          className="mt-4"
          layout="grid"
          columns={3}
          stats={[
            {
              term: 'Collateral ratio',
              value: ratioBps === null ? 'No exposure' : formatBps(Number(ratioBps)),
              testId: 'health-ratio',
            },
            { term: 'Collateral value', value: current ? formatUsd(current.valueUsd) : '—' },
            { term: 'Requirement', value: current ? formatUsd(current.requirementUsd) : '—' },
            ...(current
              ? (Object.keys(current.maxWithdrawable) as Token[]).map((token) => ({
                  key: `max-${token}`,
                  term: `${TOKEN_META[token].label} you can withdraw`,
                  value: formatToken(current.maxWithdrawable[token], token),
                  testId: `max-withdrawable-${token}`,
                }))
              : []),
            {
              term: 'Last check',
              value: lastCheck.at ? (
                <time dateTime={lastCheck.at.toISOString()}>{timeAgo(lastCheck.at)}</time>
              ) : (
                'Not yet'
              ),
              hint: lastCheck.transition ? describeTransition(lastCheck.transition) : undefined,
            },
          ]}
        />
      </Card>
    </div>
  );
}

/** The deposit that restores health: in STX when that is what the provider holds, else sBTC. */
function restoringDeposit(deposit: Record<Token, bigint>): { token: Token; amount: bigint } | null {
  if (deposit.STX > 0n) return { token: 'STX', amount: deposit.STX };
  if (deposit.SBTC > 0n) return { token: 'SBTC', amount: deposit.SBTC };
  return null;
}

function timeAgo(at: Date): string {
  const seconds = Math.max(0, Math.round((Date.now() - at.getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : at.toLocaleString();
}
