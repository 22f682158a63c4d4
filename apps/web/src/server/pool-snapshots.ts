import 'server-only';
import { snapshotPool } from '@bithedge/api';
import { getDatabase } from './db';
import { getEnv } from './env';

const store = globalThis as typeof globalThis & { __bithedgePoolSnapshots?: boolean };
/** Often enough that each hour gets its row while the dev server runs; each run is idempotent per hour. */
const DEV_SNAPSHOT_TICK_MS = 5 * 60_000;

/**
 * In the development sandbox (the simulated feed) nothing calls `/api/cron/snapshot-pool`, so the
 * server writes the pool snapshot itself at start and every few minutes: the current hour's rows
 * are updated in place, and /pool's history grows by one point per hour the server is up.
 */
export async function startDevPoolSnapshots(): Promise<void> {
  if (getEnv().priceFeed.kind !== 'simulated' || store.__bithedgePoolSnapshots) return;
  store.__bithedgePoolSnapshots = true;
  const run = async () => snapshotPool((await getDatabase()).db);
  await run();
  setInterval(() => {
    run().catch((error: unknown) => console.error('pool snapshot failed', error));
  }, DEV_SNAPSHOT_TICK_MS).unref();
}
