import 'server-only';
import { join } from 'node:path';
import { seedDemoLedger } from '@bithedge/api';
import {
  type DatabaseHandle,
  findWorkspaceRoot,
  openDatabase,
  seedRiskParameters,
  seedTiers,
} from '@bithedge/db';
import { getEnv } from './env';

// Kept on globalThis so dev-mode module reloads reuse one connection (PGlite is one per process).
const globalStore = globalThis as typeof globalThis & { __bithedgeDatabase?: Promise<DatabaseHandle> };

/** The process-wide database: opened, migrated and (for the embedded default) seeded once. */
export function getDatabase(): Promise<DatabaseHandle> {
  globalStore.__bithedgeDatabase ??= connect().catch((error: unknown) => {
    globalStore.__bithedgeDatabase = undefined;
    throw error;
  });
  return globalStore.__bithedgeDatabase;
}

async function connect(): Promise<DatabaseHandle> {
  const env = getEnv();
  const handle = await openDatabase({
    url: env.databaseUrl,
    // The local chain starts empty on every start: its mirror must too, or they disagree.
    dataDir:
      env.pgliteDataDir ?? (env.localChain ? 'memory://' : join(findWorkspaceRoot(), '.data', 'pglite')),
    maxConnections: env.dbPoolSize,
  });
  await seedTiers(handle.db);
  await seedRiskParameters(handle.db);
  // With the local chain, the demo deposits are made on it instead (see seedDemoOnLocalChain).
  if (env.seedDemoData && !env.localChain) await seedDemoLedger(handle.db);
  return handle;
}
