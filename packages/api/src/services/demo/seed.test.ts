import { DEMO_PROVIDERS, openDatabase, seedTiers } from '@bithedge/db';
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../ledger';
import { getPoolOverview } from '../liquidity/pool-overview';
import { seedDemoLedger } from './seed';

describe('seedDemoLedger', () => {
  it('fills the demo pool through the ledger, idempotently, with a clean verifyLedger', async () => {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await seedTiers(handle.db);
    await seedDemoLedger(handle.db);
    await seedDemoLedger(handle.db);
    const stx = (await getPoolOverview(handle.db)).tokens.find((t) => t.token === 'STX')!;
    const rows = DEMO_PROVIDERS.flatMap((p) => p.balances.filter((b) => b.token === 'STX'));
    expect(stx.totalCapital).toBe(rows.reduce((a, b) => a + b.available + b.locked, 0n));
    expect(stx.locked).toBe(rows.reduce((a, b) => a + b.locked, 0n));
    expect(await verifyLedger(handle.db)).toEqual([]);
    await handle.close();
  });
});
