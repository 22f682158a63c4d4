import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Every run of a scheduled step (issue 18), whoever triggered it: the in-process scheduler or
 * `/api/cron/<step>`. A run is claimed by inserting its row, `on conflict do nothing`:
 * - unique (step, slot): a schedule slot runs once, however many instances or retries ask;
 * - unique (step) while unfinished: a step never runs twice at the same moment, even for two
 *   slots (a run longer than its interval makes the next slot skip rather than overlap).
 * A row left unfinished by a crashed process is closed as abandoned after a lease (see the
 * runner), so the step is not blocked for ever.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial({ mode: 'bigint' }).primaryKey(),
    step: text().notNull(),
    /** The schedule minute this run is for (UTC). */
    slot: timestamp({ withTimezone: true }).notNull(),
    /** Who ran it: `scheduler` or `route`. */
    trigger: text().notNull(),
    /** The process that ran it (host:pid), to tell instances apart. */
    instance: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    /** The step's summary (bigints as decimal strings), when it succeeded. */
    result: jsonb(),
    /** Why it failed, when it did. */
    error: text(),
  },
  (t) => [
    unique('job_runs_step_slot_key').on(t.step, t.slot),
    uniqueIndex('job_runs_one_running_idx').on(t.step).where(sql`${t.finishedAt} is null`),
    index('job_runs_step_started_idx').on(t.step, t.startedAt),
    index('job_runs_started_idx').on(t.startedAt),
    check('job_runs_trigger', sql`${t.trigger} in ('scheduler', 'route')`),
  ],
);
