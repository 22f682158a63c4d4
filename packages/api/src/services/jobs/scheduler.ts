import type { Executor } from '@bithedge/db';
import { runScheduledStep, type StepRunOutcome } from './runner';
import { type CronSchedule, currentSlot, parseCron } from './schedule';
import { CRON_STEPS, type CronDeps, type CronStepSpec } from './steps';

export interface SchedulerOptions {
  /** The database the runs are claimed in (every instance's scheduler shares it). */
  db: () => Promise<Executor>;
  /** The step's dependencies at the moment it runs. */
  deps: (now: Date) => Promise<CronDeps>;
  steps?: Readonly<Record<string, CronStepSpec>>;
  instance?: string;
  /** Where failed runs and scheduler errors are reported (the server log). */
  log?: (message: string) => void;
  /** Tests pass their own. */
  clock?: () => Date;
}

export interface Scheduler {
  /** Runs every step whose current slot this scheduler has not run or seen run; resolves when done. */
  tick(now?: Date): Promise<void>;
  /** Arms a timer for each minute boundary (unref'd: it never keeps the process alive). */
  start(): void;
  stop(): void;
}

const MINUTE_MS = 60_000;

/**
 * The in-process scheduler (`SCHEDULER=internal`, and development): on each minute it runs the
 * steps whose schedule fired since it last looked, one after another in registry order. A step
 * runs for its current slot (so a minute missed while the event loop was busy, or the slot a
 * server was down for, runs late rather than never: the first tick after start catches every
 * step up), and each run is claimed in `job_runs`, so any number of instances can run this side
 * by side: each slot still runs once.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const steps = options.steps ?? CRON_STEPS;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(message));
  const schedules = new Map<string, CronSchedule>(
    Object.entries(steps).map(([name, spec]) => [name, parseCron(spec.schedule)]),
  );
  /** The slot each step last ran (or saw claimed) here, so each slot is tried once per process. */
  const done = new Map<string, number>();
  const running = new Set<string>();

  async function runOne(name: string, slot: Date): Promise<void> {
    running.add(name);
    try {
      const outcome = await runScheduledStep(await options.db(), name, await options.deps(clock()), slot, {
        trigger: 'scheduler',
        ...(options.instance ? { instance: options.instance } : {}),
        steps,
      });
      done.set(name, slot.getTime());
      report(name, outcome, log);
    } catch (error) {
      // No claim was made (the database or a dependency is down): the slot is tried again next minute.
      log(`scheduler: ${name} did not run: ${(error as Error).message}`);
    } finally {
      running.delete(name);
    }
  }

  async function tick(now = clock()): Promise<void> {
    for (const [name, schedule] of schedules) {
      const slot = currentSlot(schedule, now);
      if (done.get(name) === slot.getTime() || running.has(name)) continue;
      await runOne(name, slot);
    }
  }

  const timer = minuteTimer(clock, () =>
    tick().catch((error: unknown) => log(`scheduler tick failed: ${(error as Error).message}`)),
  );
  return { tick, ...timer };
}

/** Calls `onMinute` at each minute boundary; unref'd, so it never keeps the process alive. */
function minuteTimer(clock: () => Date, onMinute: () => void): { start(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    timer = setTimeout(
      () => {
        onMinute();
        arm();
      },
      MINUTE_MS - (clock().getTime() % MINUTE_MS),
    );
    timer.unref?.();
  };
  return {
    start: () => {
      if (timer === undefined) arm();
    },
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

function report(name: string, outcome: StepRunOutcome, log: (message: string) => void): void {
  if (outcome.status === 'ran' && outcome.run.error !== null)
    log(
      `cron step ${name} failed (run ${outcome.run.id}, slot ${outcome.run.slot.toISOString()}): ${outcome.run.error}`,
    );
}
