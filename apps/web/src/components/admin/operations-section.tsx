'use client';
import { useQuery } from '@tanstack/react-query';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { useTRPC } from '@/trpc/client';
import { formatWhen } from './admin-format';
import { OPERATIONS_REFRESH_MS } from './admin-queries';
import {
  IngestionPanel,
  MarketDataPanel,
  OutboxPanel,
  ReconciliationPanel,
  StepsPanel,
  VaultCapsPendingPanel,
} from './operations-panels';

/**
 * How the system runs, refreshed every 30 s: scheduled steps, the operator's outbox, chain
 * ingestion and webhook deliveries, market data age and the latest reconciliation. A refresh that
 * fails keeps the last figures on screen under the error, so an outage does not blank the page.
 */
export function OperationsSection() {
  const trpc = useTRPC();
  const ops = useQuery({ ...trpc.admin.operations.queryOptions(), refetchInterval: OPERATIONS_REFRESH_MS });
  return (
    <section aria-labelledby="operations-heading" className="space-y-stack">
      <div>
        <h2 id="operations-heading" className="text-xl font-semibold text-slate-900">
          Operations
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Scheduled steps, the operator's transactions, chain ingestion, price ages, reconciliation and the
          vault's caps. Refreshes every 30 seconds
          {ops.data ? `; read ${formatWhen(ops.data.generatedAt)}` : ''}.
        </p>
      </div>
      {ops.isError ? (
        <ErrorPanel
          title={ops.data ? 'The last refresh failed: showing earlier figures' : 'Operations are unavailable'}
          message={ops.error.message}
          onRetry={() => ops.refetch()}
        />
      ) : null}
      {ops.data ? (
        <div className="grid gap-section">
          <StepsPanel steps={ops.data.steps} />
          <ReconciliationPanel reconciliation={ops.data.reconciliation} />
          <VaultCapsPendingPanel pending={ops.data.vaultCapsPending} />
          <MarketDataPanel prices={ops.data.marketData} />
          <IngestionPanel ingestion={ops.data.ingestion} />
          <OutboxPanel outbox={ops.data.outbox} />
        </div>
      ) : ops.isPending ? (
        <LoadingCards count={4} label="Loading operations" />
      ) : null}
    </section>
  );
}
