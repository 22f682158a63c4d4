import {
  adminAlerts,
  type DatabaseHandle,
  type Executor,
  notifications,
  policies,
  policyAllocations,
  providerBalances,
  providers,
  seedTiers,
  type TierName,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { usdToMicroStx } from '@bithedge/pricing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PriceFeed } from '../../adapters/price-feed';
import { recordMarketSnapshot } from '../market';
import { requiredCollateral } from '../policies';
import { providerHealth } from './model';
import { monitorHealth } from './monitor';

const USD = 100_000_000n;
const MINUTE = 60_000;
const T0 = new Date('2026-12-01T12:00:00Z');

function feedAt(btcUsd: bigint, stxUsd: bigint, at: Date): PriceFeed {
  const obs = (asset: 'BTC' | 'STX', priceUsd: bigint) => ({
    asset,
    priceUsd,
    confidenceUsd: 0n,
    publishedAt: at,
    source: 'test',
  });
  return { source: 'test', latest: async () => ({ BTC: obs('BTC', btcUsd), STX: obs('STX', stxUsd) }) };
}

/**
 * A provider whose whole capital backs one put, as a purchase would lock it: the put's protected
 * value in µSTX at `stxUsd`, times the tier's collateral ratio (requiredCollateral, rounded up).
 */
async function providerBackingOnePut(
  db: Executor,
  principal: string,
  tier: TierName,
  put: { strikeUsd: bigint; amountSats: bigint; stxUsd: bigint; extraAvailable?: bigint },
): Promise<{ providerId: number; locked: bigint }> {
  const protectedUsd = (put.strikeUsd * put.amountSats) / 100_000_000n;
  const locked = await requiredCollateral(db, tier, 'STX', usdToMicroStx(protectedUsd, put.stxUsd, 'ceil'));
  const [provider] = await db.insert(providers).values({ principal, tier }).returning({ id: providers.id });
  const providerId = provider!.id;
  const available = put.extraAvailable ?? 0n;
  await db.insert(providerBalances).values({
    providerId,
    token: 'STX',
    totalDeposited: locked + available,
    available,
    locked,
  });
  const [policy] = await db
    .insert(policies)
    .values({
      owner: 'ST3NBRSFKX28FQ2ZJ1MAKX58HKHSDGNV5N7R21XCP',
      type: 'PUT',
      strikeUsd: put.strikeUsd,
      amountSats: put.amountSats,
      premiumUsd: 1n,
      premiumAmount: 1n,
      collateralAmount: locked,
      token: 'STX',
      tier,
      expirationHeight: 900_000,
      expiresAt: new Date('2027-01-01T00:00:00Z'),
      status: 'ACTIVE',
    })
    .returning({ id: policies.id });
  await db
    .insert(policyAllocations)
    .values({ policyId: policy!.id, providerId, token: 'STX', amount: locked, shareBps: 10_000 });
  return { providerId, locked };
}

async function providerRow(db: Executor, id: number) {
  const [row] = await db.select().from(providers).where(eq(providers.id, id));
  return row!;
}

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`monitor-health on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await seedTiers(handle.db);
    });
    afterAll(() => handle?.close());
    const check = (now: Date) => monitorHealth(handle.db, { now, maxPriceAgeMs: 3 * MINUTE });

    it('waits, writing nothing, while prices are missing or stale', async () => {
      expect(await check(T0)).toMatchObject({
        checked: 0,
        skipped: expect.stringContaining('waiting for fresh prices'),
      });
      await recordMarketSnapshot(
        handle.db,
        feedAt(100_000n * USD, 2n * USD, new Date(T0.getTime() - 10 * MINUTE)),
      );
      expect(await check(T0)).toMatchObject({ checked: 0, skipped: expect.stringContaining('s old') });
    });

    it('at unchanged prices, a provider whose capital is all locked sits at exactly its tier ratio', async () => {
      await recordMarketSnapshot(handle.db, feedAt(100_000n * USD, 2n * USD, T0));
      const put = { strikeUsd: 100_000n * USD, amountSats: 50_000_000n, stxUsd: 2n * USD };
      const c = await providerBackingOnePut(handle.db, 'ST1CONSERVATIVE', 'conservative', put);
      const b = await providerBackingOnePut(handle.db, 'ST1BALANCED', 'balanced', put);
      const a = await providerBackingOnePut(handle.db, 'ST1AGGRESSIVE', 'aggressive', put);
      const idle = await handle.db
        .insert(providers)
        .values({ principal: 'ST1IDLE', tier: 'balanced' })
        .returning({ id: providers.id });
      const result = await check(T0);
      expect(result).toMatchObject({ checked: 4, transitions: 0, notified: 0 });
      expect((await providerRow(handle.db, c.providerId)).collateralizationRatioBps).toBe(15_000n);
      expect((await providerRow(handle.db, b.providerId)).collateralizationRatioBps).toBe(12_500n);
      expect((await providerRow(handle.db, a.providerId)).collateralizationRatioBps).toBe(11_000n);
      const idleRow = await providerRow(handle.db, idle[0]!.id);
      expect(idleRow).toMatchObject({
        healthStatus: 'healthy',
        collateralizationRatioBps: null,
        healthRequirementUsd: 0n,
      });
      expect(idleRow.lastHealthCheckAt).toEqual(T0);
    });

    it('matches the model for every provider, and notifies each transition once', async () => {
      // STX −10%: the balanced provider (125% → 112.5%) turns Warning; the aggressive one
      // (110% → 99%) is in margin call; the conservative one (150% → 135%) stays healthy.
      const t1 = new Date(T0.getTime() + MINUTE);
      await recordMarketSnapshot(handle.db, feedAt(100_000n * USD, (18n * USD) / 10n, t1));
      expect(await check(t1)).toMatchObject({ checked: 4, transitions: 2, notified: 2 });
      const rows = await handle.db.select().from(providers).orderBy(providers.id);
      for (const row of rows) {
        const [bal] = await handle.db
          .select()
          .from(providerBalances)
          .where(eq(providerBalances.providerId, row.id));
        const model = providerHealth({
          balances: bal ? [{ token: 'STX', available: bal.available, locked: bal.locked }] : [],
          requirementUsd: row.healthRequirementUsd ?? 0n,
          prices: { STX: (18n * USD) / 10n, SBTC: 100_000n * USD },
          thresholds: thresholdsOf(row.tier),
        });
        expect({
          status: row.healthStatus,
          ratio: row.collateralizationRatioBps,
          value: row.healthCollateralUsd,
        }).toEqual({
          status: model.status,
          ratio: model.ratioBps,
          value: model.valueUsd,
        });
      }
      expect(rows.map((r) => [r.principal, r.healthStatus])).toEqual([
        ['ST1CONSERVATIVE', 'healthy'],
        ['ST1BALANCED', 'warning'],
        ['ST1AGGRESSIVE', 'margin_call'],
        ['ST1IDLE', 'healthy'],
      ]);
      const balanced = rows.find((r) => r.principal === 'ST1BALANCED')!;
      expect(balanced.healthTransition).toMatchObject({
        from: 'healthy',
        to: 'warning',
        ratioBpsBefore: '12500',
        ratioBpsAfter: '11250',
        stxPriceUsdBefore: (2n * USD).toString(),
        stxPriceUsdAfter: ((18n * USD) / 10n).toString(),
      });
      // A second pass at the same prices changes nothing and notifies nothing more.
      const t2 = new Date(t1.getTime() + MINUTE);
      expect(await check(t2)).toMatchObject({ checked: 4, transitions: 0, notified: 0 });
      const sent = await handle.db.select().from(notifications).orderBy(notifications.id);
      expect(sent.map((n) => [n.principal, n.kind])).toEqual([
        ['ST1BALANCED', 'HEALTH_WARNING'],
        ['ST1AGGRESSIVE', 'HEALTH_MARGIN_CALL'],
      ]);
      expect(sent[0]!.body).toContain('112.50%');
      const alerts = await handle.db.select().from(adminAlerts).where(eq(adminAlerts.kind, 'MARGIN_CALL'));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.message).toContain('ST1AGGRESSIVE');
    });

    it('back to healthy when STX recovers: one notification, and stale prices later change nothing', async () => {
      const t3 = new Date(T0.getTime() + 3 * MINUTE);
      await recordMarketSnapshot(handle.db, feedAt(100_000n * USD, 2n * USD, t3));
      expect(await check(t3)).toMatchObject({ transitions: 2, notified: 2 });
      const kinds = (await handle.db.select().from(notifications).orderBy(notifications.id)).map(
        (n) => n.kind,
      );
      expect(kinds.slice(2)).toEqual(['HEALTH_HEALTHY', 'HEALTH_HEALTHY']);
      const before = await handle.db.select().from(providers).orderBy(providers.id);
      expect(await check(new Date(t3.getTime() + 10 * MINUTE))).toMatchObject({ checked: 0 });
      expect(await handle.db.select().from(providers).orderBy(providers.id)).toEqual(before);
    });
  });
}

function thresholdsOf(tier: TierName) {
  return {
    conservative: { warningThresholdBps: 13_000, marginCallThresholdBps: 11_500 },
    balanced: { warningThresholdBps: 11_500, marginCallThresholdBps: 10_500 },
    aggressive: { warningThresholdBps: 10_500, marginCallThresholdBps: 10_000 },
  }[tier];
}
