import {
  adminAlerts,
  type DatabaseHandle,
  type Executor,
  notifications,
  providerBalances,
  providers,
  seedTiers,
  type TierName,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerBackingOnePolicy } from '../../test/health';
import { feedAt } from '../../test/prices';
import { recordMarketSnapshot } from '../market';
import { providerHealth } from './model';
import { monitorHealth } from './monitor';

const USD = 100_000_000n;
const MINUTE = 60_000;
const T0 = new Date('2026-12-01T12:00:00Z');

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
      const put = {
        type: 'PUT' as const,
        strikeUsd: 100_000n * USD,
        amountSats: 50_000_000n,
        stxUsd: 2n * USD,
      };
      const c = await providerBackingOnePolicy(handle.db, 'ST1CONSERVATIVE', 'conservative', put);
      const b = await providerBackingOnePolicy(handle.db, 'ST1BALANCED', 'balanced', put);
      const a = await providerBackingOnePolicy(handle.db, 'ST1AGGRESSIVE', 'aggressive', put);
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
      const alerts = await handle.db.select().from(adminAlerts).where(eq(adminAlerts.kind, 'margin-call'));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.message).toContain('ST1AGGRESSIVE');
    });

    it('back to healthy when STX recovers: one notification, and stale prices later change nothing', async () => {
      const t3 = new Date(T0.getTime() + 3 * MINUTE);
      await handle.db.insert(adminAlerts).values({
        kind: 'margin-call',
        message: 'Provider ST1OTHER is in margin call',
        data: { principal: 'ST1OTHER' },
      });
      await recordMarketSnapshot(handle.db, feedAt(100_000n * USD, 2n * USD, t3));
      expect(await check(t3)).toMatchObject({ transitions: 2, notified: 2 });
      const kinds = (await handle.db.select().from(notifications).orderBy(notifications.id)).map(
        (n) => n.kind,
      );
      expect(kinds.slice(2)).toEqual(['HEALTH_HEALTHY', 'HEALTH_HEALTHY']);
      // The margin-call alert resolved itself with the recovery; an unrelated one stays open.
      const alerts = await handle.db
        .select()
        .from(adminAlerts)
        .where(eq(adminAlerts.kind, 'margin-call'))
        .orderBy(adminAlerts.id);
      expect(alerts.map((a) => [a.message.includes('ST1AGGRESSIVE'), a.resolvedAt !== null])).toEqual([
        [true, true],
        [false, false],
      ]);
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
