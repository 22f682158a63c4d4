import { CRON_STEPS, listJobRuns } from '@bithedge/api';
import { describe, expect, it } from 'vitest';
import { useTestEnv } from '@/test/env';
import { getDatabase } from './db';
import { startInternalScheduler } from './scheduler';

describe('the server’s in-process scheduler', () => {
  useTestEnv({
    PGLITE_DATA_DIR: 'memory://',
    SEED_DEMO_DATA: 'false',
    SCHEDULER: 'internal',
    LOCAL_CHAIN: 'false',
  });

  it('runs every step once at start, with the server’s real dependencies, recorded', async () => {
    await startInternalScheduler();
    // A second start (a dev-mode module reload) starts nothing more.
    await startInternalScheduler();
    const { db } = await getDatabase();
    const runs = await listJobRuns(db, { limit: 100 });
    expect(runs.map((r) => r.step).sort()).toEqual(Object.keys(CRON_STEPS).sort());
    for (const run of runs) {
      expect(run.error, run.step).toBeNull();
      expect(run).toMatchObject({ trigger: 'scheduler', finishedAt: expect.any(Date) });
    }
    // Without a chain configured the chain steps say why they did nothing.
    expect(runs.find((r) => r.step === 'reconcile')?.result).toEqual({
      skipped: expect.stringMatching(/no chain to read the vault from/),
    });
    expect(runs.find((r) => r.step === 'market-data')?.result).toBeTruthy();
  }, 120_000);
});
