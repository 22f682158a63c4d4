import { describe, expect, it } from 'vitest';
import { cronMatches, currentSlot, parseCron } from './schedule';
import { CRON_STEPS } from './steps';

const at = (iso: string) => new Date(iso);

describe('parseCron', () => {
  it('expands stars, numbers, ranges, steps and lists', () => {
    const s = parseCron('*/15 0-3,12 1,15 */6 1-5');
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([0, 1, 2, 3, 12]);
    expect([...s.daysOfMonth]).toEqual([1, 15]);
    expect([...s.months]).toEqual([1, 7]);
    expect([...s.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('5/20 * * * *').minutes]).toEqual([5, 25, 45]);
    expect([...parseCron('10-30/10 * * * *').minutes]).toEqual([10, 20, 30]);
  });

  it('reads a day-of-week 7 as Sunday', () => {
    expect([...parseCron('0 0 * * 7').daysOfWeek]).toEqual([0]);
  });

  it('refuses malformed expressions, naming the field', () => {
    expect(() => parseCron('* * * *')).toThrow(/expected 5 fields/);
    expect(() => parseCron('60 * * * *')).toThrow(/minute "60" is outside 0-59/);
    expect(() => parseCron('* 5-2 * * *')).toThrow(/hour "5-2" is a range that runs backwards/);
    expect(() => parseCron('* * 0 * *')).toThrow(/day of month "0" is outside 1-31/);
    expect(() => parseCron('*/0 * * * *')).toThrow(/step below 1/);
    expect(() => parseCron('@hourly * * * *')).toThrow(/minute "@hourly"/);
    expect(() => parseCron('* * * JAN *')).toThrow(/month "JAN"/);
  });

  it('parses every registered schedule', () => {
    for (const spec of Object.values(CRON_STEPS)) expect(() => parseCron(spec.schedule)).not.toThrow();
  });
});

describe('cronMatches', () => {
  it('matches the UTC minute, whatever the seconds', () => {
    const s = parseCron('17 3 * * *');
    expect(cronMatches(s, at('2026-12-02T03:17:59.999Z'))).toBe(true);
    expect(cronMatches(s, at('2026-12-02T03:18:00Z'))).toBe(false);
    expect(cronMatches(s, at('2026-12-02T04:17:00Z'))).toBe(false);
  });

  it('ORs day of month and day of week when both are restricted, as cron does', () => {
    const either = parseCron('0 0 1 * 1'); // the 1st, or any Monday
    expect(cronMatches(either, at('2026-12-01T00:00:00Z'))).toBe(true); // Tuesday the 1st
    expect(cronMatches(either, at('2026-12-07T00:00:00Z'))).toBe(true); // Monday the 7th
    expect(cronMatches(either, at('2026-12-08T00:00:00Z'))).toBe(false);
    const mondays = parseCron('0 0 * * 1');
    expect(cronMatches(mondays, at('2026-12-01T00:00:00Z'))).toBe(false);
  });
});

describe('currentSlot', () => {
  it('is the latest firing minute at or before now', () => {
    expect(currentSlot(parseCron('* * * * *'), at('2026-12-02T10:31:42Z'))).toEqual(
      at('2026-12-02T10:31:00Z'),
    );
    expect(currentSlot(parseCron('*/5 * * * *'), at('2026-12-02T10:34:59Z'))).toEqual(
      at('2026-12-02T10:30:00Z'),
    );
    expect(currentSlot(parseCron('*/5 * * * *'), at('2026-12-02T10:35:00Z'))).toEqual(
      at('2026-12-02T10:35:00Z'),
    );
    // Before today's 03:17: yesterday's.
    expect(currentSlot(parseCron('17 3 * * *'), at('2026-12-02T03:16:00Z'))).toEqual(
      at('2026-12-01T03:17:00Z'),
    );
    expect(currentSlot(parseCron('17 3 * * *'), at('2026-12-02T23:00:00Z'))).toEqual(
      at('2026-12-02T03:17:00Z'),
    );
  });

  it('goes back across months and years', () => {
    expect(currentSlot(parseCron('0 12 1 1 *'), at('2026-12-02T00:00:00Z'))).toEqual(
      at('2026-01-01T12:00:00Z'),
    );
    expect(currentSlot(parseCron('30 6 29 2 *'), at('2026-12-02T00:00:00Z'))).toEqual(
      at('2024-02-29T06:30:00Z'),
    );
  });

  it('gives the same slot to every moment inside it (what makes retries and instances agree)', () => {
    const s = parseCron('*/10 * * * *');
    const slots = ['10:40:00', '10:41:30', '10:49:59'].map((t) =>
      currentSlot(s, at(`2026-12-02T${t}Z`)).getTime(),
    );
    expect(new Set(slots).size).toBe(1);
  });

  it('refuses a schedule that never fires', () => {
    expect(() => currentSlot(parseCron('0 0 31 2 *'), at('2026-12-02T00:00:00Z'))).toThrow(/never fires/);
  });
});
