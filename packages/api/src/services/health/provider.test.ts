import { type DatabaseHandle, policyAllocations, providerBalances, seedTiers } from '@bithedge/db';
import { DEFAULT_TEST_DATABASE_URL, openFreshPostgres, testDatabaseTargets } from '@bithedge/db/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { providerBackingOnePolicy } from '../../test/health';
import { feedAt } from '../../test/prices';
import { requestProviderWithdrawal } from '../liquidity';
import { recordMarketSnapshot } from '../market';
import { providerHealth } from './model';
import { getProviderHealth } from './provider';

const USD = 100_000_000n;
const STX = 1_000_000n;
const MINUTE = 60_000;
const T0 = new Date('2026-12-01T12:00:00Z');
const PUT = { type: 'PUT' as const, strikeUsd: 100_000n * USD, amountSats: 50_000_000n, stxUsd: 2n * USD };
const BALANCED = { warningThresholdBps: 11_500, marginCallThresholdBps: 10_500 };

async function refusal(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => expect.fail('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(
    `provider health and withdrawals on ${target.label}`,
    () => {
      let handle: DatabaseHandle;
      let now = T0;
      const prices = () => ({ now, maxPriceAgeMs: 3 * MINUTE });
      const withdraw = (
        principal: string,
        amount: bigint,
        requestId: string,
        token: 'STX' | 'SBTC' = 'STX',
      ) => requestProviderWithdrawal(handle.db, principal, { token, amount, requestId }, prices());
      const priceAt = async (stxUsd: bigint, at: Date) => {
        now = at;
        await recordMarketSnapshot(handle.db, feedAt(100_000n * USD, stxUsd, at));
      };

      beforeAll(async () => {
        handle = await target.open();
        await seedTiers(handle.db);
        await priceAt(2n * USD, T0);
      });
      afterAll(() => handle?.close());

      it('reports health at current prices, equal to the model, and waits on stale prices', async () => {
        await providerBackingOnePolicy(handle.db, 'ST1REPORT', 'balanced', {
          ...PUT,
          extraAvailable: 10_000n * STX,
        });
        const report = await getProviderHealth(handle.db, 'ST1REPORT', prices());
        // 31,250 STX locked behind a $50,000 put at 125%, plus 10,000 STX available, at $2.
        const model = providerHealth({
          balances: [{ token: 'STX', available: 10_000n * STX, locked: 31_250n * STX }],
          requirementUsd: 50_000n * USD,
          prices: { STX: 2n * USD, SBTC: 100_000n * USD },
          thresholds: BALANCED,
        });
        expect(report?.current).toMatchObject(model);
        expect(report?.current?.ratioBps).toBe(16_500n);
        expect(report?.thresholds).toEqual(BALANCED);
        const stale = await getProviderHealth(handle.db, 'ST1REPORT', {
          now: new Date(T0.getTime() + 10 * MINUTE),
          maxPriceAgeMs: 3 * MINUTE,
        });
        expect(stale).toMatchObject({
          current: null,
          waiting: expect.stringContaining('waiting for fresh prices'),
        });
        expect(await getProviderHealth(handle.db, 'ST1NOBODY', prices())).toBeNull();
      });

      it('a withdrawal may take exactly maxWithdrawable, not one base unit more', async () => {
        await providerBackingOnePolicy(handle.db, 'ST1EXACT', 'balanced', {
          ...PUT,
          extraAvailable: 10_000n * STX,
        });
        await priceAt((18n * USD) / 10n, new Date(T0.getTime() + MINUTE));
        const max = (await getProviderHealth(handle.db, 'ST1EXACT', prices()))!.current!.maxWithdrawable.STX;
        // Value 41,250 × $1.80 = $74,250; Healthy needs $57,500: $16,750 ÷ $1.80 = 9,305.555556 STX.
        expect(max).toBe(9_305_555_555n);
        const tooMuch = await refusal(withdraw('ST1EXACT', max + 1n, 'e1'));
        expect(tooMuch.code).toBe('HEALTH_BELOW_THRESHOLD');
        expect(tooMuch.transportCode).toBe('PRECONDITION_FAILED');
        expect(tooMuch.message).toContain("below your tier's warning threshold (115.00%)");
        expect(tooMuch.message).toContain('at most 9305.555555 STX can leave now');
        expect(await withdraw('ST1EXACT', max, 'e2')).toMatchObject({ applied: true });
        // A retry of the applied request answers as before, though nothing more may leave now.
        expect(await withdraw('ST1EXACT', max, 'e2')).toMatchObject({ applied: false });
        expect((await refusal(withdraw('ST1EXACT', 1n, 'e3'))).code).toBe('HEALTH_BELOW_THRESHOLD');
        const after = (await getProviderHealth(handle.db, 'ST1EXACT', prices()))!.current!;
        expect(after.status).toBe('healthy');
        expect(after.ratioBps).toBeGreaterThanOrEqual(11_500n);
      });

      it('in margin call every withdrawal is refused with the deposit that restores health', async () => {
        await priceAt(2n * USD, new Date(T0.getTime() + 2 * MINUTE));
        await providerBackingOnePolicy(handle.db, 'ST1MARGIN', 'balanced', {
          ...PUT,
          extraAvailable: 1_000n * STX,
        });
        // STX −20%: (32,250 × $1.60) ÷ $50,000 = 103.2% < 105%.
        await priceAt((16n * USD) / 10n, new Date(T0.getTime() + 3 * MINUTE));
        const health = (await getProviderHealth(handle.db, 'ST1MARGIN', prices()))!.current!;
        expect(health).toMatchObject({
          status: 'margin_call',
          ratioBps: 10_320n,
          maxWithdrawable: { STX: 0n },
        });
        // Healthy needs $57,500 ÷ $1.60 = 35,937.5 STX held: 3,687.5 STX more.
        expect(health.depositToRestore.STX).toBe(3_687_500_000n);
        const refused = await refusal(withdraw('ST1MARGIN', 1n, 'm1'));
        expect(refused.message).toContain('103.20% (margin call)');
        expect(refused.message).toContain('a deposit of 3687.5 STX restores it');
        expect(refused.details).toMatchObject({ status: 'margin_call', depositToRestore: '3687500000' });
        // Beyond what is available the ledger's own refusal stands.
        expect((await refusal(withdraw('ST1MARGIN', 2_000n * STX, 'm2'))).code).toBe('INSUFFICIENT_FUNDS');
      });

      it('stale prices refuse a withdrawal with exposure, never one without', async () => {
        now = new Date(now.getTime() + 10 * MINUTE);
        expect((await refusal(withdraw('ST1REPORT', 1n, 's1'))).code).toBe('STALE_MARKET_DATA');
        const { providerId } = await providerBackingOnePolicy(handle.db, 'ST1NOEXPOSURE', 'balanced', {
          ...PUT,
          extraAvailable: 5n * STX,
        });
        await handle.db.delete(policyAllocations).where(eq(policyAllocations.providerId, providerId));
        expect(await withdraw('ST1NOEXPOSURE', 5n * STX, 's2')).toMatchObject({ applied: true });
      });
    },
  );
}

const postgres = (await testDatabaseTargets()).find((t) => t.driver === 'postgres')!;

describe.skipIf(postgres.skipReason !== undefined)('withdrawals racing each other on postgres', () => {
  let handle: DatabaseHandle;
  let now = T0;
  const stxAt = async (stxUsd: bigint, minutes: number) => {
    now = new Date(T0.getTime() + minutes * MINUTE);
    await recordMarketSnapshot(handle.db, feedAt(100_000n * USD, stxUsd, now));
  };
  beforeAll(async () => {
    handle = await openFreshPostgres(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL, 40);
    await seedTiers(handle.db);
  });
  afterAll(() => handle?.close());
  const withdraw = (principal: string, token: 'STX' | 'SBTC', amount: bigint, i: number) =>
    requestProviderWithdrawal(
      handle.db,
      principal,
      { token, amount, requestId: `race-${i}` },
      { now, maxPriceAgeMs: 3 * MINUTE },
    ).then(
      () => 'ok' as const,
      (e: unknown) => {
        if (e instanceof AppError && e.code === 'HEALTH_BELOW_THRESHOLD') return 'refused' as const;
        throw e;
      },
    );
  const ratioOf = async (principal: string) =>
    (await getProviderHealth(handle.db, principal, { now, maxPriceAgeMs: 3 * MINUTE }))!.current!.ratioBps!;

  it('32 simultaneous withdrawals of a quarter of what may leave: exactly 4 pass, health holds', async () => {
    await stxAt((15n * USD) / 10n, 1);
    // 51,250 STX at $1.50 ($76,875), Healthy needs $57,500: 12,916.67 STX may leave of the 20,000
    // available, so it is health, not the balance, that stops the fifth.
    await providerBackingOnePolicy(handle.db, 'ST1RACE', 'balanced', {
      ...PUT,
      stxUsd: 2n * USD,
      extraAvailable: 20_000n * STX,
    });
    const max = (await getProviderHealth(handle.db, 'ST1RACE', { now, maxPriceAgeMs: 3 * MINUTE }))!.current!
      .maxWithdrawable.STX;
    const quarter = max / 4n;
    const outcomes = await Promise.all(
      Array.from({ length: 32 }, (_, i) => withdraw('ST1RACE', 'STX', quarter, i)),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(4);
    expect(await ratioOf('ST1RACE')).toBeGreaterThanOrEqual(11_500n);
  });

  it('an STX and an sBTC withdrawal that each fit alone but not together: only one passes', async () => {
    await stxAt((18n * USD) / 10n, 2);
    const { providerId } = await providerBackingOnePolicy(handle.db, 'ST1TWO', 'balanced', {
      ...PUT,
      stxUsd: 2n * USD,
      extraAvailable: 2_000n * STX,
    });
    // 33,250 STX at $1.80 ($59,850) and 0.1 sBTC ($10,000): $12,350 above the $57,500 Healthy
    // needs. All 2,000 STX ($3,600) may leave, or all the sBTC ($10,000), not both.
    await handle.db.insert(providerBalances).values({
      providerId,
      token: 'SBTC',
      totalDeposited: 10_000_000n,
      available: 10_000_000n,
    });
    const health = (await getProviderHealth(handle.db, 'ST1TWO', { now, maxPriceAgeMs: 3 * MINUTE }))!
      .current!;
    expect(health.maxWithdrawable).toEqual({ STX: 2_000n * STX, SBTC: 10_000_000n });
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.all([
        withdraw('ST1TWO', 'STX', 2_000n * STX, 100 + 2 * round),
        withdraw('ST1TWO', 'SBTC', 10_000_000n, 101 + 2 * round),
      ]);
      expect(outcomes.sort()).toEqual(['ok', 'refused']);
      expect(await ratioOf('ST1TWO')).toBeGreaterThanOrEqual(11_500n);
      // Put the one that passed back for the next round.
      await handle.db
        .update(providerBalances)
        .set({ available: sql`available + pending_withdrawal`, pendingWithdrawal: 0n })
        .where(eq(providerBalances.providerId, providerId));
    }
  });
});
