import { setTimeout as sleep } from 'node:timers/promises';
import { type DatabaseHandle, jobRuns } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_RUN_RETENTION_MS, listJobRuns, pruneJobRuns } from './job-runs';
import { latestRunPerStep, runScheduledStep } from './runner';
import type { CronDeps, CronStepSpec } from './steps';

const SLOT = new Date('2026-12-02T10:30:00Z');
const NEXT = new Date('2026-12-02T10:31:00Z');

/** Steps that count their runs; `slow` says when it starts; `flaky` fails until told not to. */
function testSteps() {
  const counts = { slow: 0, flaky: 0 };
  const state = { failing: true };
  let slowStarted = () => {};
  const started = new Promise<void>((resolve) => {
    slowStarted = resolve;
  });
  const steps: Record<string, CronStepSpec> = {
    slow: {
      schedule: '* * * * *',
      description: 'takes a while',
      run: async () => {
        counts.slow += 1;
        slowStarted();
        await sleep(100);
        return { big: 12_345_678_901_234_567_890n };
      },
    },
    flaky: {
      schedule: '*/5 * * * *',
      description: 'fails while told to',
      run: async () => {
        counts.flaky += 1;
        if (state.failing) throw new Error('the node did not answer');
        return { ok: true };
      },
    },
  };
  return { steps, counts, state, started };
}

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`scheduled runs on ${target.label}`, () => {
    let handle: DatabaseHandle;
    const deps = () => ({ db: handle.db, now: new Date() }) as unknown as CronDeps;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(() => handle?.close());

    it('runs a slot once when two runners claim it at the same moment', async () => {
      const { steps, counts } = testSteps();
      const outcomes = await Promise.all(
        ['instance-a', 'instance-b', 'instance-c'].map((instance) =>
          runScheduledStep(handle.db, 'slow', deps(), SLOT, { steps, instance }),
        ),
      );
      expect(counts.slow).toBe(1);
      expect(outcomes.filter((o) => o.status === 'ran')).toHaveLength(1);
      const skipped = outcomes.filter((o) => o.status === 'skipped');
      expect(skipped).toHaveLength(2);
      for (const o of skipped) expect(o).toMatchObject({ reason: 'slot-taken' });
      const rows = await listJobRuns(handle.db, { step: 'slow' });
      expect(rows).toHaveLength(1);
      // bigints are kept as decimal strings, exactly.
      expect(rows[0]).toMatchObject({ slot: SLOT, error: null, result: { big: '12345678901234567890' } });
      expect(rows[0]?.durationMs).toBeGreaterThanOrEqual(0);
      // A retry of the slot later (Vercel, a second instance) does not run it again.
      expect(await runScheduledStep(handle.db, 'slow', deps(), SLOT, { steps })).toMatchObject({
        status: 'skipped',
        reason: 'slot-taken',
      });
      expect(counts.slow).toBe(1);
    });

    it('never runs a step twice at the same moment, even for two slots', async () => {
      const { steps, counts, started } = testSteps();
      const later = new Date('2026-12-02T11:00:00Z');
      const first = runScheduledStep(handle.db, 'slow', deps(), later, { steps });
      // The first run has claimed its slot and is running (not a fixed wait: a loaded machine).
      await started;
      const second = await runScheduledStep(handle.db, 'slow', deps(), new Date(later.getTime() + 60_000), {
        steps,
      });
      expect(second).toMatchObject({ status: 'skipped', reason: 'busy', run: { slot: later } });
      expect((await first).status).toBe('ran');
      expect(counts.slow).toBe(1);
    });

    it('records a failure, and the next slot runs again', async () => {
      const { steps, counts, state } = testSteps();
      const failed = await runScheduledStep(handle.db, 'flaky', deps(), SLOT, { steps, trigger: 'route' });
      expect(failed).toMatchObject({
        status: 'ran',
        run: { error: 'the node did not answer', result: null },
      });
      expect(failed.run?.finishedAt).toBeInstanceOf(Date);
      // The failed slot is not re-run by a retry…
      expect((await runScheduledStep(handle.db, 'flaky', deps(), SLOT, { steps })).status).toBe('skipped');
      // …the next one runs.
      state.failing = false;
      const next = await runScheduledStep(handle.db, 'flaky', deps(), NEXT, { steps });
      expect(next).toMatchObject({
        status: 'ran',
        run: { error: null, result: { ok: true }, trigger: 'scheduler' },
      });
      expect(counts.flaky).toBe(2);
      const status = await latestRunPerStep(handle.db, steps);
      const flaky = status.find((s) => s.step === 'flaky');
      expect(flaky).toMatchObject({
        schedule: '*/5 * * * *',
        lastRun: { slot: NEXT },
        lastFailure: { slot: SLOT },
      });
      expect(flaky?.lastFailure?.trigger).toBe('route');
    });

    it('closes a run its process abandoned, so the step is not blocked for ever', async () => {
      const { steps, counts } = testSteps();
      const [dead] = await handle.db
        .insert(jobRuns)
        .values({
          step: 'flaky',
          slot: new Date('2026-12-02T12:00:00Z'),
          trigger: 'scheduler',
          instance: 'gone',
        })
        .returning();
      // Still within its lease: the step waits.
      const early = await runScheduledStep(handle.db, 'flaky', deps(), new Date('2026-12-02T12:05:00Z'), {
        steps,
      });
      expect(early).toMatchObject({ status: 'skipped', reason: 'busy', run: { instance: 'gone' } });
      await handle.db
        .update(jobRuns)
        .set({ startedAt: sql`now() - interval '16 minutes'` })
        .where(eq(jobRuns.id, dead!.id));
      const after = await runScheduledStep(handle.db, 'flaky', deps(), new Date('2026-12-02T12:10:00Z'), {
        steps,
      });
      expect(after.status).toBe('ran');
      expect(counts.flaky).toBe(1);
      const [closed] = await handle.db.select().from(jobRuns).where(eq(jobRuns.id, dead!.id));
      expect(closed?.error).toMatch(/^abandoned/);
    });

    it('runs the registry’s steps and lists every step, run or not', async () => {
      const outcome = await runScheduledStep(handle.db, 'expire-quotes', deps(), SLOT);
      expect(outcome).toMatchObject({
        status: 'ran',
        run: { step: 'expire-quotes', result: { expired: 0 } },
      });
      const status = await latestRunPerStep(handle.db);
      expect(status.map((s) => s.step)).toContain('reconcile');
      expect(status.find((s) => s.step === 'expire-quotes')?.lastRun?.id).toBe(outcome.run?.id);
      expect(status.find((s) => s.step === 'auth-cleanup')).toMatchObject({
        lastRun: null,
        lastFailure: null,
      });
      await expect(runScheduledStep(handle.db, 'nope', deps(), SLOT)).rejects.toThrow(
        /Unknown cron step nope/,
      );
    });

    it('lists runs newest first, per step or all, within the limit', async () => {
      const all = await listJobRuns(handle.db, { limit: 3 });
      expect(all).toHaveLength(3);
      const started = all.map((r) => r.startedAt.getTime());
      expect([...started].sort((a, b) => b - a)).toEqual(started);
      expect((await listJobRuns(handle.db, { step: 'flaky' })).every((r) => r.step === 'flaky')).toBe(true);
      for (const limit of [0, 501, 2.5])
        await expect(listJobRuns(handle.db, { limit })).rejects.toThrow(
          /limit: must be a whole number from 1 to 500/,
        );
    });

    it('prunes finished runs past the retention, never a running one', async () => {
      const old = new Date(Date.now() - JOB_RUN_RETENTION_MS - 60_000);
      await handle.db.insert(jobRuns).values([
        { step: 'old', slot: old, trigger: 'route', instance: 'x', startedAt: old, finishedAt: old },
        { step: 'stuck', slot: old, trigger: 'route', instance: 'x', startedAt: old },
      ]);
      const before = (await listJobRuns(handle.db, { limit: 500 })).length;
      expect(await pruneJobRuns(handle.db, new Date())).toEqual({ deleted: 1 });
      const after = await listJobRuns(handle.db, { limit: 500 });
      expect(after).toHaveLength(before - 1);
      expect(after.some((r) => r.step === 'stuck')).toBe(true);
    });
  });
}
