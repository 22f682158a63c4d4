/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week, UTC), the subset
 * Vercel cron accepts: `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, and lists of these.
 * Written here rather than taken from a package: it is this small, and the lockfile has none.
 */
export interface CronSchedule {
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday; a 7 in the expression is folded into 0. */
  readonly daysOfWeek: ReadonlySet<number>;
  /** Whether day-of-month / day-of-week were restricted (not `*`): cron ORs them when both are. */
  readonly domRestricted: boolean;
  readonly dowRestricted: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

/** Parses a cron expression; throws naming the field that is wrong. */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expression}": expected 5 fields, got ${parts.length}`);
  const sets = FIELDS.map((field, i) => parseField(parts[i] as string, field, expression));
  const [minutes, hours, daysOfMonth, months, dow] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (dow.delete(7)) dow.add(0);
  return {
    expression,
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek: dow,
    domRestricted: parts[2] !== '*',
    dowRestricted: parts[4] !== '*',
  };
}

function parseField(text: string, field: (typeof FIELDS)[number], expression: string): Set<number> {
  const values = new Set<number>();
  const fail = (why: string): never => {
    throw new Error(`cron "${expression}": ${field.name} "${text}" ${why}`);
  };
  for (const item of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!match) fail('is not *, a number, a range or a step');
    const [, whole, from, to, step] = match as RegExpExecArray;
    const start = whole === '*' ? field.min : Number(from);
    // `5/15` means from 5 to the end in steps of 15, as in Vixie cron.
    const end = whole === '*' || (to === undefined && step !== undefined) ? field.max : Number(to ?? from);
    const by = step === undefined ? 1 : Number(step);
    if (start < field.min || end > field.max) fail(`is outside ${field.min}-${field.max}`);
    if (start > end) fail('is a range that runs backwards');
    if (by < 1) fail('has a step below 1');
    for (let v = start; v <= end; v += by) values.add(v);
  }
  return values;
}

/** Whether the schedule fires in the UTC minute `at` falls in. */
export function cronMatches(schedule: CronSchedule, at: Date): boolean {
  return (
    schedule.minutes.has(at.getUTCMinutes()) &&
    schedule.hours.has(at.getUTCHours()) &&
    dayMatches(schedule, at)
  );
}

function dayMatches(schedule: CronSchedule, at: Date): boolean {
  if (!schedule.months.has(at.getUTCMonth() + 1)) return false;
  const dom = schedule.daysOfMonth.has(at.getUTCDate());
  const dow = schedule.daysOfWeek.has(at.getUTCDay());
  // Vixie cron: with both day fields restricted, either one matching is enough.
  if (schedule.domRestricted && schedule.dowRestricted) return dom || dow;
  return dom && dow;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/** Far enough back for any schedule that fires at least once a year (Feb 29 fires every 4 years). */
const SEARCH_DAYS = 4 * 366 + 1;

/**
 * The schedule slot `now` belongs to: the latest minute at or before it the schedule fires in.
 * A run for this slot is "the run the schedule asked for last", whoever triggers it.
 */
export function currentSlot(schedule: CronSchedule, now: Date): Date {
  let at = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const limit = at - SEARCH_DAYS * DAY_MINUTES * MINUTE_MS;
  while (at >= limit) {
    const date = new Date(at);
    if (!dayMatches(schedule, date)) {
      // Skip to the last minute of the day before.
      at = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - MINUTE_MS;
    } else if (!schedule.hours.has(date.getUTCHours())) {
      at = Math.floor(at / (60 * MINUTE_MS)) * 60 * MINUTE_MS - MINUTE_MS;
    } else if (schedule.minutes.has(date.getUTCMinutes())) {
      return date;
    } else {
      at -= MINUTE_MS;
    }
  }
  throw new Error(`cron "${schedule.expression}" never fires`);
}
