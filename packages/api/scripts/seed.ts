import { join } from 'node:path';
import { findWorkspaceRoot, openDatabase, seedRiskParameters, seedTiers } from '@bithedge/db';
import { seedDemoLedger } from '../src/services/demo/seed';

const url = process.env.DATABASE_URL;
const dataDir = process.env.PGLITE_DATA_DIR ?? join(findWorkspaceRoot(), '.data', 'pglite');
const handle = await openDatabase({ url, dataDir });
await seedTiers(handle.db);
await seedRiskParameters(handle.db);
await seedDemoLedger(handle.db);
await handle.close();
console.log(`seeded demo data through the ledger into ${url ? 'PostgreSQL' : `PGlite at ${dataDir}`}`);
