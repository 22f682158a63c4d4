'use client';
import type { Token } from '@bithedge/db';
import type { ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { type Column, DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { StatList } from '@/components/ui/stat-list';
import { formatToken, formatUsd, TOKEN_META } from '@/lib/format';
import type { RouterOutputs } from '@/trpc/types';
import { formatWhen } from './admin-format';
import {
  DELIVERY,
  describeLag,
  formatAge,
  formatDurationMs,
  OUTCOME,
  summarizeResult,
} from './operations-format';
import { mismatchMessage } from './vault-caps-format';

type Overview = RouterOutputs['admin']['operations'];
type Step = Overview['steps'][number];
type OutboxItem = Overview['outbox'][number];
type Delivery = Overview['ingestion']['deliveries'][number];
type PriceAge = Overview['marketData'][number];
type Reconciled = NonNullable<Overview['reconciliation']['latest']>['tokens'][number];

/** A card of the operations section: a titled, described panel. */
function Panel({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card as="section" aria-labelledby={id}>
      <CardTitle id={id} as="h3">
        {title}
      </CardTitle>
      <CardDescription>{description}</CardDescription>
      <div className="mt-4 space-y-stack">{children}</div>
    </Card>
  );
}

const Danger = ({ children }: { children: ReactNode }) => (
  <span className="font-medium text-danger-700">{children}</span>
);

const STEP_COLUMNS: Column<Step>[] = [
  {
    key: 'step',
    header: 'Step',
    rowHeader: true,
    cell: (s) => (
      <span className="block">
        <span className="font-mono text-xs font-medium text-slate-900">{s.step}</span>
        <span className="block text-xs text-slate-500 sm:hidden">{s.schedule}</span>
        <span className="hidden max-w-sm text-xs text-slate-500 md:block">{s.description}</span>
      </span>
    ),
  },
  {
    key: 'schedule',
    header: 'Schedule (UTC)',
    className: 'hidden sm:table-cell',
    cell: (s) => (
      <span title={s.description}>
        <code className="text-xs">{s.schedule}</code>
      </span>
    ),
  },
  {
    key: 'result',
    header: 'Last run',
    cell: (s) =>
      s.lastRun ? (
        <span className="flex flex-col items-start gap-0.5">
          <Badge tone={OUTCOME[s.lastRun.outcome].tone}>{OUTCOME[s.lastRun.outcome].label}</Badge>
          <span className="text-xs text-slate-500">{formatWhen(s.lastRun.startedAt)}</span>
        </span>
      ) : (
        <Badge>Never run</Badge>
      ),
  },
  {
    key: 'duration',
    header: 'Duration',
    align: 'right',
    className: 'hidden sm:table-cell',
    sortValue: (s) => s.lastRun?.durationMs ?? -1,
    cell: (s) => formatDurationMs(s.lastRun?.durationMs ?? null),
  },
  {
    key: 'detail',
    header: 'Result',
    className: 'hidden lg:table-cell',
    cell: (s) =>
      s.lastRun?.error ? (
        <Danger>{s.lastRun.error}</Danger>
      ) : (
        <span className="text-xs text-slate-600">{summarizeResult(s.lastRun?.result ?? null, s.step)}</span>
      ),
  },
  {
    key: 'failures',
    header: 'Failed (24 h)',
    align: 'right',
    sortValue: (s) => s.failuresLast24h,
    cell: (s) => (s.failuresLast24h > 0 ? <Danger>{s.failuresLast24h}</Danger> : '0'),
  },
  {
    key: 'lastFailure',
    header: 'Last failure',
    className: 'hidden md:table-cell',
    cell: (s) =>
      s.lastFailure ? (
        <span className="block max-w-xs text-xs" title={s.lastFailure.error}>
          <span className="block text-slate-700">{formatWhen(s.lastFailure.at)}</span>
          <span className="line-clamp-2 text-danger-700">{s.lastFailure.error}</span>
        </span>
      ) : (
        '—'
      ),
  },
];

/** Every scheduled step: when it last ran, how that went, and its failures. */
export function StepsPanel({ steps }: { steps: readonly Step[] }) {
  const failing = steps.filter((s) => s.lastRun?.outcome === 'failed');
  return (
    <Panel
      id="ops-steps-heading"
      title="Scheduled steps"
      description="Every cron step with its last run (job_runs), whichever instance or trigger ran it."
    >
      {failing.length > 0 ? (
        <Alert
          tone="error"
          title={`${failing.length} step${failing.length === 1 ? '' : 's'} failed on the last run`}
        >
          {failing.map((s) => s.step).join(', ')}
        </Alert>
      ) : null}
      <DataTable
        caption="Scheduled steps and their last runs"
        columns={STEP_COLUMNS}
        rows={steps}
        rowKey={(s) => s.step}
        pageSize={20}
      />
    </Panel>
  );
}

const OUTBOX_TONE = { PENDING: 'info', FAILED: 'danger', DROPPED: 'warning' } as const;

const OUTBOX_COLUMNS: Column<OutboxItem>[] = [
  {
    key: 'kind',
    header: 'Kind',
    rowHeader: true,
    cell: (o) => (
      <span className="block">
        <span className="font-mono text-xs">{o.kind}</span>
        {/* The subject column is hidden on a phone: the subject goes under the kind. */}
        <span className="block break-all text-xs text-slate-500 sm:hidden">{o.subject}</span>
      </span>
    ),
  },
  {
    key: 'subject',
    header: 'Subject',
    className: 'hidden sm:table-cell',
    cell: (o) => <span className="break-all text-xs">{o.subject}</span>,
  },
  { key: 'status', header: 'Status', cell: (o) => <Badge tone={OUTBOX_TONE[o.status]}>{o.status}</Badge> },
  {
    key: 'attempts',
    header: 'Attempts',
    align: 'right',
    className: 'hidden sm:table-cell',
    sortValue: (o) => o.attempts,
    cell: (o) => o.attempts,
  },
  {
    key: 'age',
    header: 'Age',
    align: 'right',
    sortValue: (o) => o.ageSeconds,
    cell: (o) => formatAge(o.ageSeconds),
  },
  {
    key: 'tx',
    header: 'Transaction',
    className: 'hidden md:table-cell',
    cell: (o) =>
      o.txId ? <span className="font-mono text-xs" title={o.txId}>{`${o.txId.slice(0, 10)}…`}</span> : '—',
  },
  {
    key: 'error',
    header: 'Last error',
    className: 'hidden lg:table-cell',
    cell: (o) => (o.lastError ? <Danger>{o.lastError}</Danger> : '—'),
  },
];

/** The operator's transactions in flight and the subjects whose latest attempt failed. */
export function OutboxPanel({ outbox }: { outbox: readonly OutboxItem[] }) {
  return (
    <Panel
      id="ops-outbox-heading"
      title="Operator outbox"
      description="Transactions the operator sent that are still pending, and subjects whose latest attempt failed or was dropped (retried after a back-off). Oldest first."
    >
      {outbox.length === 0 ? (
        <p className="text-sm text-slate-600">
          <Badge tone="success">Clear</Badge> No pending or failed operator transaction.
        </p>
      ) : (
        <DataTable
          caption="Pending and failed operator transactions"
          columns={OUTBOX_COLUMNS}
          rows={outbox}
          rowKey={(o) => String(o.id)}
        />
      )}
    </Panel>
  );
}

const heights = (d: Delivery) =>
  d.minHeight === null
    ? '—'
    : d.minHeight === d.maxHeight
      ? `#${d.minHeight}`
      : `#${d.minHeight}–${d.maxHeight}`;

const DELIVERY_COLUMNS: Column<Delivery>[] = [
  { key: 'received', header: 'Received', rowHeader: true, cell: (d) => formatWhen(d.receivedAt) },
  {
    key: 'status',
    header: 'Status',
    cell: (d) => (
      <Badge tone={DELIVERY[d.status].tone}>{`${DELIVERY[d.status].label} (${d.httpStatus})`}</Badge>
    ),
  },
  { key: 'blocks', header: 'Blocks', className: 'hidden sm:table-cell', cell: heights },
  {
    key: 'counts',
    header: 'Applied / rolled back / new / dup.',
    className: 'hidden md:table-cell',
    cell: (d) => `${d.appliedBlocks} / ${d.rolledBackBlocks} / ${d.newEvents} / ${d.duplicateEvents}`,
  },
  {
    key: 'duration',
    header: 'Took',
    align: 'right',
    className: 'hidden sm:table-cell',
    cell: (d) => formatDurationMs(d.durationMs),
  },
  {
    key: 'error',
    header: 'Error',
    className: 'hidden lg:table-cell',
    cell: (d) =>
      d.error ? (
        <span className="line-clamp-2 max-w-xs text-xs text-danger-700" title={d.error}>
          {d.error}
        </span>
      ) : (
        '—'
      ),
  },
];

/** The last block ingestion applied against the node's tip, and the latest webhook deliveries. */
export function IngestionPanel({ ingestion }: { ingestion: Overview['ingestion'] }) {
  const lag = describeLag(ingestion.lagBlocks);
  const { lastBlock, tip } = ingestion;
  return (
    <Panel
      id="ops-ingestion-heading"
      title="Chain ingestion"
      description="The last block the vault webhook applied, the Stacks node's tip (STACKS_API_URL) and the latest deliveries."
    >
      <StatList
        layout="grid"
        columns={3}
        stats={[
          {
            term: 'Last block applied',
            value: lastBlock ? `#${lastBlock.height}` : 'None yet',
            hint: lastBlock ? formatWhen(lastBlock.appliedAt) : undefined,
          },
          {
            term: 'Node tip',
            value: tip ? `#${tip.height}` : 'Unknown',
            hint: tip ? tip.source : ingestion.tipError ? 'the node did not answer' : 'no node configured',
          },
          { term: 'Lag', value: <Badge tone={lag.tone}>{lag.text}</Badge> },
        ]}
      />
      {ingestion.tipError ? (
        <Alert tone="warning" title="The node's tip could not be read">
          {ingestion.tipError}
        </Alert>
      ) : null}
      {ingestion.deliveries.length === 0 ? (
        <EmptyState title="No webhook delivery yet">
          Chainhook posts each block of the vault and registry to /api/webhooks/vault; each authenticated
          delivery shows here.
        </EmptyState>
      ) : (
        <DataTable
          caption="Latest webhook deliveries"
          columns={DELIVERY_COLUMNS}
          rows={ingestion.deliveries}
          rowKey={(d) => String(d.id)}
        />
      )}
    </Panel>
  );
}

const PRICE_COLUMNS: Column<PriceAge>[] = [
  { key: 'asset', header: 'Asset', rowHeader: true, cell: (p) => p.asset },
  {
    key: 'price',
    header: 'Last price',
    align: 'right',
    cell: (p) => (p.priceUsd === null ? '—' : formatUsd(p.priceUsd)),
  },
  {
    key: 'observed',
    header: 'Observed',
    className: 'hidden sm:table-cell',
    cell: (p) => (p.observedAt ? `${formatWhen(p.observedAt)} (${p.source})` : 'never'),
  },
  {
    key: 'age',
    header: 'Age',
    align: 'right',
    cell: (p) => (p.stale ? <Danger>{formatAge(p.ageSeconds)}</Danger> : formatAge(p.ageSeconds)),
  },
  {
    key: 'state',
    header: 'State',
    cell: (p) => (p.stale ? <Badge tone="danger">Stale</Badge> : <Badge tone="success">Fresh</Badge>),
  },
];

/** Each asset's latest price and its age against the limit quotes refuse beyond. */
export function MarketDataPanel({ prices }: { prices: readonly PriceAge[] }) {
  const stale = prices.filter((p) => p.stale);
  return (
    <Panel
      id="ops-market-heading"
      title="Market data"
      description="The latest recorded price per asset. Past PRICE_MAX_AGE_SECONDS quotes, settlement and the health monitor refuse it."
    >
      {stale.length > 0 ? (
        <Alert tone="error" title="Stale prices: quoting is paused">
          {stale.map((p) => p.asset).join(', ')} {stale.length === 1 ? 'is' : 'are'} older than the configured
          limit. Check the market-data step and the price feed.
        </Alert>
      ) : null}
      <DataTable
        caption="Market data age per asset"
        columns={PRICE_COLUMNS}
        rows={prices}
        rowKey={(p) => p.asset}
      />
    </Panel>
  );
}

const amountOf = (token: string) => (x: { balance: bigint; locked: bigint }) => {
  const t = (token in TOKEN_META ? token : 'STX') as Token;
  return (
    <span className="block">
      <span className="block">{formatToken(x.balance, t, TOKEN_META[t].decimals)}</span>
      <span className="block text-xs text-slate-500">
        locked {formatToken(x.locked, t, TOKEN_META[t].decimals)}
      </span>
    </span>
  );
};

function ReconciledBadge({ reconciled }: { reconciled: boolean }) {
  return reconciled ? <Badge tone="success">Equal</Badge> : <Badge tone="danger">Mismatch</Badge>;
}

/** A figure that differs from the vault's is the one to look at: shown in the error colour. */
const differs = (r: Reconciled, x: { balance: bigint; locked: bigint }) =>
  x.balance !== r.vault.balance || x.locked !== r.vault.locked;

const RECONCILIATION_COLUMNS: Column<Reconciled>[] = [
  {
    key: 'token',
    header: 'Token',
    rowHeader: true,
    cell: (r) => (
      <span className="flex flex-col items-start gap-1">
        {TOKEN_META[r.token as Token]?.label ?? r.token}
        {/* The state column is hidden on a phone: its badge goes here. */}
        <span className="sm:hidden">
          <ReconciledBadge reconciled={r.reconciled} />
        </span>
      </span>
    ),
  },
  { key: 'vault', header: 'Vault', align: 'right', cell: (r) => amountOf(r.token)(r.vault) },
  {
    key: 'mirror',
    header: 'Mirror',
    align: 'right',
    cell: (r) =>
      differs(r, r.mirror) ? <Danger>{amountOf(r.token)(r.mirror)}</Danger> : amountOf(r.token)(r.mirror),
  },
  {
    key: 'ledger',
    header: 'Ledger',
    align: 'right',
    cell: (r) =>
      differs(r, r.ledger) ? <Danger>{amountOf(r.token)(r.ledger)}</Danger> : amountOf(r.token)(r.ledger),
  },
  {
    key: 'state',
    header: 'State',
    className: 'hidden sm:table-cell',
    cell: (r) => <ReconciledBadge reconciled={r.reconciled} />,
  },
];

/** The latest reconciliation per token (vault = mirror = ledger) and the open mismatch alerts. */
export function ReconciliationPanel({ reconciliation }: { reconciliation: Overview['reconciliation'] }) {
  const { latest, lastRun, openAlerts } = reconciliation;
  const mismatched = latest?.tokens.filter((t) => !t.reconciled) ?? [];
  return (
    <Panel
      id="ops-reconciliation-heading"
      title="Reconciliation"
      description={
        latest
          ? `The vault's totals against the mirror and the ledger, as the reconcile step last compared them (${formatWhen(latest.at)}, ${latest.source ?? 'unknown source'}${latest.atBlock ? ` at ${latest.atBlock.slice(0, 12)}…` : ''}).`
          : 'The vault’s totals against the mirror and the ledger, as the reconcile step compares them every 10 minutes.'
      }
    >
      {mismatched.length > 0 ? (
        <Alert
          tone="error"
          title={`Mismatch: ${mismatched.map((t) => TOKEN_META[t.token as Token]?.label ?? t.token).join(', ')}`}
        >
          Vault, mirror and ledger disagree: an event was missed or misapplied. Figures that differ from the
          vault's are highlighted.
        </Alert>
      ) : null}
      {openAlerts.map((a) => (
        <Alert key={String(a.id)} tone="error" title="Open reconciliation alert">
          {a.message} (raised {formatWhen(a.createdAt)})
        </Alert>
      ))}
      {lastRun && lastRun.outcome !== 'succeeded' ? (
        <Alert
          tone="warning"
          title={`The last reconcile run ${lastRun.outcome === 'failed' ? 'failed' : 'was skipped'} (${formatWhen(lastRun.at)})`}
        >
          {lastRun.error ?? lastRun.skipped}
        </Alert>
      ) : null}
      {latest ? (
        <DataTable
          caption="Vault, mirror and ledger per token"
          columns={RECONCILIATION_COLUMNS}
          rows={latest.tokens}
          rowKey={(t) => t.token}
        />
      ) : (
        <EmptyState title="No reconciliation yet">
          The reconcile step compares figures once a chain is configured (STACKS_API_URL and
          CONTRACTS_DEPLOYER, or LOCAL_CHAIN).
        </EmptyState>
      )}
    </Panel>
  );
}

/**
 * The published capacities the vault does not hold yet: until its owner signs `set-tier-cap`, the
 * chain admits or refuses deposits by the old cap. The buttons are in the tiers section.
 */
export function VaultCapsPendingPanel({ pending }: { pending: Overview['vaultCapsPending'] }) {
  return (
    <Panel
      id="ops-vault-caps-heading"
      title="Vault caps"
      description="Whether the vault's cap per tier and token matches the published capacity (from the ingested chain)."
    >
      {pending.length === 0 ? (
        <p className="text-sm text-slate-700">
          Every tier's cap on the vault matches its published capacity.
        </p>
      ) : (
        <Alert tone="warning" title="The vault's owner has caps to apply">
          <ul className="list-disc space-y-1 pl-5">
            {pending.map((c) => (
              <li key={`${c.tier}-${c.token}`}>{mismatchMessage(c)}</li>
            ))}
          </ul>
          <a href="#vault-caps-heading" className="mt-2 inline-block font-medium underline">
            Apply them under Tiers → Caps on the vault
          </a>
        </Alert>
      )}
    </Panel>
  );
}
