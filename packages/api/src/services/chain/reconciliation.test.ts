import { DEMO_PROVIDERS, openDatabase, seedTiers } from '@bithedge/db';
import { describe, expect, it } from 'vitest';
import { seedDemoLedger } from '../demo/seed';
import { reconcileVault } from './reconciliation';

describe('reconcileVault', () => {
  it('keeps the demo seed’s off-chain capital out of the comparison, and shows it', async () => {
    const handle = await openDatabase({ dataDir: 'memory://' });
    try {
      await seedTiers(handle.db);
      await seedDemoLedger(handle.db);
      const empty = [
        { token: 'STX' as const, balance: 0n, locked: 0n },
        { token: 'SBTC' as const, balance: 0n, locked: 0n },
      ];
      const result = await reconcileVault(handle.db, empty);
      expect(result.reconciled).toBe(true);
      for (const token of ['STX', 'SBTC'] as const) {
        const seeded = DEMO_PROVIDERS.flatMap((p) => p.balances)
          .filter((b) => b.token === token)
          .reduce((s, b) => s + b.available + b.locked, 0n);
        expect(result.tokens.find((t) => t.token === token)?.offChainCapital).toBe(seeded);
      }
      // A vault that held something the backend never ingested does not reconcile.
      const drift = await reconcileVault(handle.db, [{ token: 'STX', balance: 1n, locked: 0n }]);
      expect(drift.reconciled).toBe(false);
    } finally {
      await handle.close();
    }
  });
});
