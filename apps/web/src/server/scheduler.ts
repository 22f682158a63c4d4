import 'server-only';
import { createScheduler } from '@bithedge/api';
import { getCronDeps } from './cron-deps';
import { getDatabase } from './db';
import { getEnv } from './env';

const store = globalThis as typeof globalThis & { __bithedgeScheduler?: boolean };

/**
 * Starts the in-process scheduler when `SCHEDULER=internal` (the default in development and the
 * end-to-end sandbox): at once every step catches up on its current slot — awaited, so the
 * first request finds prices recorded and the pool snapshotted — and then every minute each step
 * runs on its schedule. Runs are claimed per slot in `job_runs`, so several instances (or an
 * external cron calling `/api/cron/<step>` as well) still run each slot once.
 */
export async function startInternalScheduler(): Promise<void> {
  if (getEnv().scheduler !== 'internal' || store.__bithedgeScheduler) return;
  store.__bithedgeScheduler = true;
  const scheduler = createScheduler({
    db: async () => (await getDatabase()).db,
    deps: (now) => getCronDeps(now),
  });
  await scheduler.tick();
  scheduler.start();
}
