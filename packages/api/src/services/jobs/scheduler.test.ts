import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseHandle } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJobRuns } from './job-runs';
import { createScheduler } from './scheduler';
import type { CronDeps, CronStepSpec } from './steps';

const at = (hhmmss: string) => new Date(`2026-12-02T${hhmmss}Z`);

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`the in-process scheduler on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(() => handle?.close());

    it('two instances ticking together run each step once per slot, catching up at start', async () => {
      const ran: string[] = [];
      const step =
        (name: string, fail = false): CronStepSpec['run'] =>
        async () => {
          ran.push(name);
          await sleep(20);
          if (fail) throw new Error(`${name} broke`);
          return {};
        };
      const steps: Record<string, CronStepSpec> = {
        often: { schedule: '* * * * *', description: 'every minute', run: step('often') },
        fives: { schedule: '*/5 * * * *', description: 'every five', run: step('fives') },
        daily: { schedule: '17 3 * * *', description: 'daily', run: step('daily', true) },
      };
      const logs: string[] = [];
      const instance = (name: string) =>
        createScheduler({
          db: async () => handle.db,
          deps: async (now) => ({ db: handle.db, now }) as unknown as CronDeps,
          steps,
          instance: name,
          log: (m) => logs.push(m),
        });
      const a = instance('a');
      const b = instance('b');
      // Start at 10:33:05: every step's current slot runs once (10:33, 10:30, 03:17), on one of the two.
      await Promise.all([a.tick(at('10:33:05')), b.tick(at('10:33:05'))]);
      expect(ran.sort()).toEqual(['daily', 'fives', 'often']);
      expect(logs.filter((l) => l.includes('daily broke'))).toHaveLength(1);
      // The next minutes: only what fired, still once each.
      for (const t of ['10:34:00', '10:35:00', '10:35:30']) await Promise.all([a.tick(at(t)), b.tick(at(t))]);
      expect(ran.filter((n) => n === 'often')).toHaveLength(3);
      expect(ran.filter((n) => n === 'fives')).toHaveLength(2);
      expect(ran.filter((n) => n === 'daily')).toHaveLength(1);
      // A minute the process missed (10:36 skipped): 10:37's tick runs the current slot, once.
      await a.tick(at('10:37:10'));
      expect(ran.filter((n) => n === 'often')).toHaveLength(4);
      const runs = await listJobRuns(handle.db, { limit: 100 });
      expect(runs).toHaveLength(7);
      expect(new Set(runs.map((r) => `${r.step}@${r.slot.toISOString()}`)).size).toBe(7);
      expect(runs.find((r) => r.step === 'daily')).toMatchObject({
        slot: at('03:17:00'),
        error: 'daily broke',
      });
    });

    it('arms one unref’d timer and stops cleanly', () => {
      const scheduler = createScheduler({
        db: async () => handle.db,
        deps: async (now) => ({ db: handle.db, now }) as unknown as CronDeps,
        steps: {},
      });
      scheduler.start();
      scheduler.start();
      scheduler.stop();
    });
  });
}
