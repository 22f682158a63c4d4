import {
  adminAlerts,
  chainBlocks,
  type Executor,
  jobRuns,
  marketData,
  operatorOutbox,
  queryRows,
} from '@bithedge/db';
import { and, desc, eq, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { ChainTip, ChainTipReader } from '../../adapters/chain-clock/node-tip';
import { listWebhookDeliveries, type WebhookDelivery } from '../chain/deliveries';
import { RECONCILIATION_ALERT } from '../chain/reconcile-check';
import type { JobRun } from '../jobs/job-runs';
import { latestRunPerStep } from '../jobs/runner';
import { CRON_STEPS, type CronStepSpec } from '../jobs/steps';
import { listVaultTierCaps, type VaultTierCap } from './vault-caps';

export interface OperationsDeps {
  now: Date;
  /** Quotes refuse prices older than this: the same limit marks a price stale here. */
  maxPriceAgeMs: number;
  /** The node the tip is read from; null without one (the lag is then unknown). */
  chainTip: ChainTipReader | null;
  /** How long the tip may take before it is given up (the page refreshes every 30 s). */
  tipTimeoutMs?: number;
  /** The registry (tests pass their own). */
  steps?: Readonly<Record<string, CronStepSpec>>;
}

/** What a run came to: still running, failed, did nothing for a stated reason, or succeeded. */
export type RunOutcome = 'running' | 'failed' | 'skipped' | 'succeeded';

export interface StepOverview {
  step: string;
  schedule: string;
  description: string;
  lastRun: {
    startedAt: Date;
    finishedAt: Date | null;
    durationMs: number | null;
    outcome: RunOutcome;
    result: Record<string, unknown> | null;
    error: string | null;
  } | null;
  lastFailure: { at: Date; error: string } | null;
  failuresLast24h: number;
}

export interface OutboxItem {
  id: bigint;
  kind: string;
  subject: string;
  txId: string | null;
  status: 'PENDING' | 'FAILED' | 'DROPPED';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  ageSeconds: number;
  retryAfter: Date | null;
}

export interface IngestionOverview {
  lastBlock: { height: number; hash: string; appliedAt: Date } | null;
  /** The node's tip; null without a node or when it did not answer (`tipError` says why). */
  tip: (ChainTip & { source: string }) | null;
  tipError: string | null;
  /** Tip height − last applied height; null when either is unknown. */
  lagBlocks: number | null;
  deliveries: WebhookDelivery[];
}

export interface MarketDataAge {
  asset: string;
  observedAt: Date | null;
  source: string | null;
  priceUsd: bigint | null;
  ageSeconds: number | null;
  stale: boolean;
}

export interface ReconciliationOverview {
  /** The latest finished `reconcile` run: when, and whether it failed or was skipped. */
  lastRun: { at: Date; outcome: RunOutcome; error: string | null; skipped: string | null } | null;
  /** The latest run that compared figures (may be older than `lastRun` when that failed). */
  latest: {
    at: Date;
    source: string | null;
    atBlock: string | null;
    reconciled: boolean;
    tokens: ReconciledToken[];
  } | null;
  openAlerts: { id: bigint; message: string; createdAt: Date }[];
}

type Totals = { balance: bigint; locked: bigint };

export interface ReconciledToken {
  token: string;
  vault: Totals;
  mirror: Totals;
  ledger: Totals;
  reconciled: boolean;
}

export interface OperationsOverview {
  generatedAt: Date;
  steps: StepOverview[];
  outbox: OutboxItem[];
  ingestion: IngestionOverview;
  marketData: MarketDataAge[];
  reconciliation: ReconciliationOverview;
  /** Tier × token whose vault cap differs from the published capacity: the owner must apply them. */
  vaultCapsPending: VaultTierCap[];
}

/**
 * The admin page's operations section in one call: every scheduled step's last run and failures,
 * the operator's unfinished transactions, ingestion against the node's tip with the latest
 * webhook deliveries, each asset's price age, the latest reconciliation, and the tier caps the
 * vault's owner has yet to apply. Each part is one or
 * two set-based queries; the node is asked once, time-boxed, and its failure is shown, not thrown.
 */
export async function getOperationsOverview(db: Executor, deps: OperationsDeps): Promise<OperationsOverview> {
  const [steps, outbox, ingestion, market, reconciliation, vaultCaps] = await Promise.all([
    stepsOverview(db, deps.now, deps.steps ?? CRON_STEPS),
    pendingOutbox(db, deps.now),
    ingestionOverview(db, deps),
    marketDataAges(db, deps.now, deps.maxPriceAgeMs),
    reconciliationOverview(db),
    listVaultTierCaps(db),
  ]);
  return {
    generatedAt: deps.now,
    steps,
    outbox,
    ingestion,
    marketData: market,
    reconciliation,
    vaultCapsPending: vaultCaps.filter((c) => !c.inSync),
  };
}

const DAY_MS = 24 * 3_600_000;

export function runOutcome(run: Pick<JobRun, 'finishedAt' | 'error' | 'result'>): RunOutcome {
  if (run.finishedAt === null) return 'running';
  if (run.error !== null) return 'failed';
  return run.result && typeof run.result.skipped === 'string' ? 'skipped' : 'succeeded';
}

/** Every registered step with its last run, last failure and failures in the 24 h before `now`. */
export async function stepsOverview(
  db: Executor,
  now: Date,
  steps: Readonly<Record<string, CronStepSpec>> = CRON_STEPS,
): Promise<StepOverview[]> {
  const [statuses, failures] = await Promise.all([
    latestRunPerStep(db, steps),
    db
      .select({ step: jobRuns.step, count: sql<number>`count(*)::int` })
      .from(jobRuns)
      .where(and(isNotNull(jobRuns.error), gte(jobRuns.startedAt, new Date(now.getTime() - DAY_MS))))
      .groupBy(jobRuns.step),
  ]);
  return statuses.map(({ step, schedule, description, lastRun, lastFailure }) => ({
    step,
    schedule,
    description,
    lastRun: lastRun && {
      startedAt: lastRun.startedAt,
      finishedAt: lastRun.finishedAt,
      durationMs: lastRun.durationMs,
      outcome: runOutcome(lastRun),
      result: lastRun.result,
      error: lastRun.error,
    },
    lastFailure: lastFailure && { at: lastFailure.startedAt, error: lastFailure.error ?? '' },
    failuresLast24h: Number(failures.find((f) => f.step === step)?.count ?? 0),
  }));
}

/** At most this many outbox rows are shown: more than that is itself the news. */
export const OUTBOX_SHOWN = 100;

/**
 * The operator's transactions still in flight (PENDING) and the subjects whose latest attempt
 * failed or was dropped (it will be tried again after `retryAfter`); a failure followed by a later
 * attempt is history, not shown. Oldest first: the longest stuck matters most.
 */
export async function pendingOutbox(db: Executor, now: Date): Promise<OutboxItem[]> {
  const rows = await db
    .select()
    .from(operatorOutbox)
    .where(
      sql`${operatorOutbox.status} = 'PENDING' or (${operatorOutbox.status} in ('FAILED', 'DROPPED')
        and not exists (select 1 from ${operatorOutbox} later
          where later.action = ${operatorOutbox.action} and later.subject = ${operatorOutbox.subject}
            and later.id > ${operatorOutbox.id}))`,
    )
    .orderBy(operatorOutbox.createdAt, operatorOutbox.id)
    .limit(OUTBOX_SHOWN);
  return rows.map((r) => ({
    id: r.id,
    kind: r.action,
    subject: r.subject,
    txId: r.txId,
    status: r.status as OutboxItem['status'],
    attempts: r.attempts,
    lastError: r.error,
    createdAt: r.createdAt,
    ageSeconds: Math.max(0, Math.floor((now.getTime() - r.createdAt.getTime()) / 1000)),
    retryAfter: r.retryAfter,
  }));
}

/** The tip, or why there is none: a node that fails or takes longer than `timeoutMs` is reported. */
async function readTip(
  reader: ChainTipReader | null,
  timeoutMs: number,
): Promise<{ tip: IngestionOverview['tip']; tipError: string | null }> {
  if (!reader) return { tip: null, tipError: null };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const tip = await Promise.race([reader.tip(), timeout]);
    return { tip: { ...tip, source: reader.source }, tipError: null };
  } catch (error) {
    return { tip: null, tipError: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The last block ingestion applied against the node's tip, and the latest webhook deliveries. */
export async function ingestionOverview(
  db: Executor,
  deps: Pick<OperationsDeps, 'chainTip' | 'tipTimeoutMs'>,
): Promise<IngestionOverview> {
  const [[last], deliveries, { tip, tipError }] = await Promise.all([
    db
      .select({ height: chainBlocks.height, hash: chainBlocks.hash, appliedAt: chainBlocks.appliedAt })
      .from(chainBlocks)
      .where(eq(chainBlocks.status, 'APPLIED'))
      .orderBy(desc(chainBlocks.height))
      .limit(1),
    listWebhookDeliveries(db, 20),
    readTip(deps.chainTip, deps.tipTimeoutMs ?? 3_000),
  ]);
  return {
    lastBlock: last ?? null,
    tip,
    tipError,
    lagBlocks: tip && last ? tip.height - last.height : null,
    deliveries,
  };
}

/** The assets quotes need, listed even before their first price. */
const QUOTED_ASSETS = ['BTC', 'STX'];

/** Each asset's latest price: when it was observed, how old it is, and whether quoting refuses it. */
export async function marketDataAges(
  db: Executor,
  now: Date,
  maxPriceAgeMs: number,
): Promise<MarketDataAge[]> {
  const rows = await db
    .selectDistinctOn([marketData.asset], {
      asset: marketData.asset,
      observedAt: marketData.observedAt,
      source: marketData.source,
      priceUsd: marketData.priceUsd,
    })
    .from(marketData)
    .orderBy(marketData.asset, desc(marketData.observedAt));
  const assets = [...new Set([...QUOTED_ASSETS, ...rows.map((r) => r.asset)])];
  return assets.map((asset) => {
    const row = rows.find((r) => r.asset === asset);
    if (!row) return { asset, observedAt: null, source: null, priceUsd: null, ageSeconds: null, stale: true };
    const ageMs = now.getTime() - row.observedAt.getTime();
    return { ...row, ageSeconds: Math.floor(ageMs / 1000), stale: ageMs > maxPriceAgeMs };
  });
}

interface ReconcileRunRow extends Record<string, unknown> {
  started_at: Date | string;
  finished_at: Date | string | null;
  result: Record<string, unknown> | null;
  error: string | null;
}

/**
 * The latest reconciliation as the `reconcile` step recorded it (`job_runs.result`: figures as
 * decimal strings), its last run's fate, and the open `reconciliation-mismatch` alerts.
 */
export async function reconciliationOverview(db: Executor): Promise<ReconciliationOverview> {
  const latestRun = (withFigures: boolean) =>
    queryRows<ReconcileRunRow>(
      db,
      sql`select started_at, finished_at, result, error from ${jobRuns}
          where step = 'reconcile' and finished_at is not null
            ${withFigures ? sql`and result -> 'tokens' is not null` : sql``}
          order by started_at desc, id desc limit 1`,
    );
  const [[run], [compared], openAlerts] = await Promise.all([
    latestRun(false),
    latestRun(true),
    db
      .select({ id: adminAlerts.id, message: adminAlerts.message, createdAt: adminAlerts.createdAt })
      .from(adminAlerts)
      .where(and(eq(adminAlerts.kind, RECONCILIATION_ALERT), isNull(adminAlerts.resolvedAt)))
      .orderBy(desc(adminAlerts.createdAt)),
  ]);
  return {
    lastRun: run ? reconcileRunFate(run) : null,
    latest: compared ? comparedFigures(compared) : null,
    openAlerts,
  };
}

function reconcileRunFate(run: ReconcileRunRow): NonNullable<ReconciliationOverview['lastRun']> {
  const at = new Date(run.started_at);
  const outcome = runOutcome({ finishedAt: at, error: run.error, result: run.result });
  const skipped = run.result && typeof run.result.skipped === 'string' ? run.result.skipped : null;
  return { at, outcome, error: run.error, skipped };
}

type StoredTotals = { balance?: string; locked?: string } | undefined;
type StoredToken = {
  token: string;
  vault?: StoredTotals;
  mirror?: StoredTotals;
  ledger?: StoredTotals;
  equal?: boolean;
};

const totals = (t: StoredTotals): Totals => ({
  balance: BigInt(t?.balance ?? 0),
  locked: BigInt(t?.locked ?? 0),
});

function comparedFigures(run: ReconcileRunRow): NonNullable<ReconciliationOverview['latest']> {
  const result = run.result ?? {};
  const tokens = ((result.tokens as StoredToken[] | undefined) ?? []).map((t) => ({
    token: t.token,
    vault: totals(t.vault),
    mirror: totals(t.mirror),
    ledger: totals(t.ledger),
    reconciled: t.equal === true,
  }));
  return {
    at: new Date(run.started_at),
    source: typeof result.source === 'string' ? result.source : null,
    atBlock: typeof result.atBlock === 'string' ? result.atBlock : null,
    reconciled: tokens.every((t) => t.reconciled),
    tokens,
  };
}
