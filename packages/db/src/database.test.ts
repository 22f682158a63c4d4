import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './client';
import { migrate } from './migrate';
import { queryRows } from './rows';
import { providerBalances, providers, riskParameters, tiers } from './schema';
import { DEFAULT_TIERS, seedRiskParameters, seedTiers } from './seed';
import { testDatabaseTargets } from './testing';

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`database on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('migrates, and migrating again is a no-op', async () => {
      await migrate(handle);
      const applied = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(applied[0]?.n).toBeGreaterThan(0);
    });

    it('seeds the default tiers idempotently', async () => {
      await seedTiers(handle.db);
      await seedTiers(handle.db);
      expect(await handle.db.$count(tiers)).toBe(DEFAULT_TIERS.length);
    });

    it('seeds one active risk-parameter version per policy type, and refuses a second active one', async () => {
      await seedRiskParameters(handle.db);
      await seedRiskParameters(handle.db);
      expect(await handle.db.$count(riskParameters)).toBe(2);
      await expect(
        handle.db.insert(riskParameters).values({
          policyType: 'PUT',
          version: 2,
          isActive: true,
          baseRate: 0.02,
          volatilityMultiplier: 1,
          durationFactor: 0,
          coverageFactor: 0,
          tierMultiplierConservative: 1,
          tierMultiplierBalanced: 1,
          tierMultiplierAggressive: 1,
        }),
      ).rejects.toThrow();
    });

    it('round-trips amounts beyond 2^53 as exact bigints', async () => {
      const [provider] = await handle.db
        .insert(providers)
        .values({ principal: 'ST000000000000000000002AMW42H', tier: 'balanced' })
        .returning();
      const huge = 2n ** 62n + 12_345n;
      await handle.db
        .insert(providerBalances)
        .values({ providerId: provider!.id, token: 'STX', available: huge });
      const [row] = await handle.db
        .select({ available: providerBalances.available })
        .from(providerBalances)
        .where(sql`${providerBalances.providerId} = ${provider!.id}`);
      expect(row?.available).toBe(huge);
    });

    it('refuses a negative balance through its CHECK constraint', async () => {
      const [provider] = await handle.db
        .insert(providers)
        .values({ principal: 'ST000000000000000000003AMW42H', tier: 'aggressive' })
        .returning();
      await expect(
        handle.db.insert(providerBalances).values({ providerId: provider!.id, token: 'SBTC', locked: -1n }),
      ).rejects.toThrow();
    });
  });
}
