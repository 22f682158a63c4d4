import { type Executor, jobRuns } from '@bithedge/db';
import { and, desc, eq, isNotNull, lt } from 'drizzle-orm';
import { AppError } from '../../errors';

/** One recorded run of a scheduled step. */
export interface JobRun {
  id: bigint;
  step: string;
  slot: Date;
  trigger: 'scheduler' | 'route';
  instance: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** Null while it runs. */
  durationMs: number | null;
  result: Record<string, unknown> | null;
  error: string | null;
}

type JobRunRow = typeof jobRuns.$inferSelect;

export function toJobRun(row: JobRunRow): JobRun {
  return {
    id: row.id,
    step: row.step,
    slot: row.slot,
    trigger: row.trigger as JobRun['trigger'],
    instance: row.instance,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationMs: row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
    result: (row.result as Record<string, unknown> | null) ?? null,
    error: row.error,
  };
}

export const MAX_JOB_RUNS_LISTED = 500;

/** The latest runs, newest first, of one step or of all (`limit` 1–500, default 50). */
export async function listJobRuns(
  db: Executor,
  options: { step?: string | undefined; limit?: number | undefined } = {},
): Promise<JobRun[]> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_JOB_RUNS_LISTED)
    throw new AppError('BAD_REQUEST', `limit: must be a whole number from 1 to ${MAX_JOB_RUNS_LISTED}`);
  const rows = await db
    .select()
    .from(jobRuns)
    .where(options.step === undefined ? undefined : eq(jobRuns.step, options.step))
    .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
    .limit(limit);
  return rows.map(toJobRun);
}

/** How long run records are kept: long enough to see a daily step's month. */
export const JOB_RUN_RETENTION_MS = 30 * 24 * 3_600_000;

/** Deletes finished runs older than the retention (the `prune-job-runs` step). */
export async function pruneJobRuns(db: Executor, now: Date): Promise<{ deleted: number }> {
  const deleted = await db
    .delete(jobRuns)
    .where(
      and(
        isNotNull(jobRuns.finishedAt),
        lt(jobRuns.startedAt, new Date(now.getTime() - JOB_RUN_RETENTION_MS)),
      ),
    )
    .returning({ id: jobRuns.id });
  return { deleted: deleted.length };
}
