import { hostname } from 'node:os';
import { type Executor, jobRuns } from '@bithedge/db';
import { and, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { type JobRun, toJobRun } from './job-runs';
import { CRON_STEPS, type CronDeps, type CronStepSpec } from './steps';

/**
 * A run with no result after this long is taken for dead (its process crashed or was stopped)
 * and closed as abandoned, which frees the step. Longer than any step takes, and than a
 * serverless function may live.
 */
export const RUN_LEASE_MS = 15 * 60_000;

/** This process, as `job_runs.instance` names it. */
export const INSTANCE_ID = `${hostname()}:${process.pid}`;

export interface RunStepOptions {
  trigger?: 'scheduler' | 'route';
  instance?: string;
  /** The registry to take the step from (tests pass their own). */
  steps?: Readonly<Record<string, CronStepSpec>>;
}

/** What `runScheduledStep` did: ran the step (`run.error` says whether it failed), or did not. */
export type StepRunOutcome =
  | { status: 'ran'; run: JobRun }
  | {
      status: 'skipped';
      /** `slot-taken`: this slot was already run (or is running); `busy`: an earlier slot still runs. */
      reason: 'slot-taken' | 'busy';
      run: JobRun | null;
    };

/**
 * Runs one step for one schedule slot, at most once across every instance sharing the database:
 * the run is claimed by inserting its `job_runs` row `on conflict do nothing` — a second claim of
 * the slot (another instance, a scheduler retry) or of the step while a run is unfinished finds
 * the row and skips. A claim is one statement, so it works alike on PGlite and PostgreSQL and
 * holds no connection or lock while the step runs (an advisory lock would pin a pooled
 * connection for the step's whole run, and PGlite has only one). The outcome, success or
 * error, is written to the row.
 */
export async function runScheduledStep(
  db: Executor,
  name: string,
  deps: CronDeps,
  slot: Date,
  options: RunStepOptions = {},
): Promise<StepRunOutcome> {
  const spec = (options.steps ?? CRON_STEPS)[name as keyof typeof CRON_STEPS];
  if (!spec) throw new Error(`Unknown cron step ${name}`);
  await closeAbandoned(db, name);
  const [claim] = await db
    .insert(jobRuns)
    .values({
      step: name,
      slot,
      trigger: options.trigger ?? 'scheduler',
      instance: options.instance ?? INSTANCE_ID,
    })
    .onConflictDoNothing()
    .returning({ id: jobRuns.id });
  if (!claim) return notClaimed(db, name, slot);
  let result: Record<string, unknown> | null = null;
  let error: string | null = null;
  try {
    result = jsonSafe(await spec.run(deps));
  } catch (failure) {
    error = failure instanceof Error ? failure.message || failure.name : String(failure);
  }
  const [row] = await db
    .update(jobRuns)
    .set({ finishedAt: sql`now()`, result, error })
    .where(eq(jobRuns.id, claim.id))
    .returning();
  return { status: 'ran', run: toJobRun(row as typeof jobRuns.$inferSelect) };
}

/** Why the claim found a row: this slot's own, or an earlier slot's run still going. */
async function notClaimed(db: Executor, name: string, slot: Date): Promise<StepRunOutcome> {
  const [same] = await db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.step, name), eq(jobRuns.slot, slot)));
  if (same) return { status: 'skipped', reason: 'slot-taken', run: toJobRun(same) };
  const [running] = await db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.step, name), isNull(jobRuns.finishedAt)));
  return { status: 'skipped', reason: 'busy', run: running ? toJobRun(running) : null };
}

/** Closes the step's run that outlived the lease, so a crashed process does not block it for ever. */
async function closeAbandoned(db: Executor, name: string): Promise<void> {
  await db
    .update(jobRuns)
    .set({ finishedAt: sql`now()`, error: `abandoned: no result within ${RUN_LEASE_MS / 60_000} minutes` })
    .where(
      and(
        eq(jobRuns.step, name),
        isNull(jobRuns.finishedAt),
        lt(jobRuns.startedAt, sql`now() - make_interval(secs => ${RUN_LEASE_MS / 1000})`),
      ),
    );
}

/** A step's summary as JSON stores it: bigints as decimal strings, dates as ISO strings. */
function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

/** One step's place in the timetable and how its runs went. */
export interface StepStatus {
  step: string;
  schedule: string;
  description: string;
  lastRun: JobRun | null;
  lastFailure: JobRun | null;
}

/** Every registered step with its latest run and its latest failed run (the admin page's table). */
export async function latestRunPerStep(
  db: Executor,
  steps: Readonly<Record<string, CronStepSpec>> = CRON_STEPS,
): Promise<StepStatus[]> {
  const latest = (failedOnly: boolean) =>
    db
      .selectDistinctOn([jobRuns.step])
      .from(jobRuns)
      .where(failedOnly ? isNotNull(jobRuns.error) : undefined)
      .orderBy(jobRuns.step, desc(jobRuns.startedAt), desc(jobRuns.id));
  const [runs, failures] = await Promise.all([latest(false), latest(true)]);
  const byStep = (rows: (typeof jobRuns.$inferSelect)[], step: string) => {
    const row = rows.find((r) => r.step === step);
    return row ? toJobRun(row) : null;
  };
  return Object.entries(steps).map(([step, spec]) => ({
    step,
    schedule: spec.schedule,
    description: spec.description,
    lastRun: byStep(runs, step),
    lastFailure: byStep(failures, step),
  }));
}
