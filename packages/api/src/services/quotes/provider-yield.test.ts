import {
  type DatabaseHandle,
  providers,
  seedRiskParameters,
  seedTiers,
  yieldCalculations,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import {
  calculateProviderYield,
  microStxToUsd,
  satsToUsd,
  usdFromNumber,
  usdToSats,
} from '@bithedge/pricing';
import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedPriceFeed } from '../../adapters/price-feed';
import { createQuotingContext } from '../../context';
import { devnetAccount } from '../../devnet-accounts';
import { AppError } from '../../errors';
import { insertTestPolicies } from '../../test/policies';
import { deposit, lockCollateral } from '../ledger';
import { getLatestMarketData, recordMarketSnapshot } from '../market';
import { QuoteLogSampler } from './log-sampler';
import {
  computeProviderYieldQuote,
  type ProviderYieldParams,
  quoteProviderYield,
  yieldProjection,
} from './provider-yield';
import { providerYieldTiers } from './provider-yield-tiers';
import { getActiveRiskParameters } from './risk-parameters';

const T0 = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const alice = devnetAccount('wallet_1').address;
const carol = devnetAccount('wallet_3').address;
const STX = 1_000_000n;
const params: ProviderYieldParams = { token: 'STX', amount: '1000000', tier: 'balanced', days: 90 };

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`provider yield quotes on ${target.label}`, () => {
    let handle: DatabaseHandle;
    const deps = createQuotingContext({ now: () => T0 });

    beforeAll(async () => {
      handle = await target.open();
      await seedRiskParameters(handle.db);
      await seedTiers(handle.db);
      await recordMarketSnapshot(handle.db, new SimulatedPriceFeed({ seed: 7, now: () => T0 }));
      // The balanced STX tier: 1,000,000 STX of capital, 400,000 of it locked behind a policy.
      await deposit(handle.db, {
        principal: alice,
        tier: 'balanced',
        token: 'STX',
        amount: 1_000_000n * STX,
        chainTxId: '0xyield',
        chainEventIndex: 0,
      });
      const [row] = await handle.db.select().from(providers).where(eq(providers.principal, alice));
      const [policyId] = await insertTestPolicies(handle.db, 1);
      await lockCollateral(handle.db, {
        policyId: policyId!,
        token: 'STX',
        parts: [{ providerId: row!.id, amount: 400_000n * STX }],
      });
    });
    afterAll(() => handle?.close());

    it('equals calculateProviderYield on the live prices, volatility, risk parameters and utilization', async () => {
      const quote = await computeProviderYieldQuote(handle.db, params, deps);
      const latest = await getLatestMarketData(handle.db);
      const risk = await getActiveRiskParameters(handle.db, 'PUT');
      const amountUsd = microStxToUsd(1_000_000n * STX, latest.STX!.priceUsd, 'floor');
      // 400,000 locked over 1,000,000 + this 1,000,000: a fifth of the deposit is expected locked.
      expect(quote.lockedShareBps).toBe(2_000);
      const model = calculateProviderYield({
        commitmentUsd: Number(amountUsd) / 1e8,
        tier: 'balanced',
        periodDays: 90,
        volatility: latest.BTC!.volatility,
        spot: Number(latest.BTC!.priceUsd) / 1e8,
        riskParams: risk.params,
        utilization: 0.2,
        riskFreeRate: deps.riskFreeRate,
      });
      expect(quote.amount).toBe(1_000_000n * STX);
      expect(quote.amountUsd).toBe(amountUsd);
      expect(quote.premiumIncome.usd).toBe(usdFromNumber(model.premiumIncome, 'floor'));
      expect(quote.expectedSettlementLoss.usd).toBe(usdFromNumber(model.expectedSettlementLoss, 'ceil'));
      expect(quote.netYield.usd).toBe(quote.premiumIncome.usd - quote.expectedSettlementLoss.usd);
      expect(quote.netYield.units).toBe(quote.premiumIncome.units - quote.expectedSettlementLoss.units);
      expect(quote.apyBps).toBe(Math.round(model.annualizedYieldPercentage * 100));
      expect(quote.riskLevel).toBe(model.riskLevel);
      expect(quote.premiumIncome.usd).toBeGreaterThan(0n);
      expect(quote.assumptions).toMatchObject({
        strikePercentage: 90,
        policyTermDays: 30,
        utilization: {
          tierCapital: 1_000_000n * STX,
          tierLocked: 400_000n * STX,
          currentBps: 4_000,
          afterDepositBps: 2_000,
        },
        riskParameters: { id: risk.id, version: risk.version },
        volatility: { value: latest.BTC!.volatility, source: latest.BTC!.volatilitySource },
      });
      expect(quote.assumptions.prices.STX.priceUsd).toBe(latest.STX!.priceUsd);
      expect(quote.projection).toHaveLength(91);
      expect(quote.projection.at(-1)).toMatchObject({
        day: 90,
        premiumIncomeUsd: quote.premiumIncome.usd,
        netUsd: quote.netYield.usd,
      });
    });

    it('expects no income from a tier with nothing locked (no made-up utilization)', async () => {
      const quote = await computeProviderYieldQuote(
        handle.db,
        { token: 'SBTC', amount: '0.5', tier: 'aggressive', days: 30 },
        deps,
      );
      expect(quote.amount).toBe(50_000_000n);
      expect(quote.lockedShareBps).toBe(0);
      expect(quote.premiumIncome).toEqual({ usd: 0n, units: 0n });
      expect(quote.apyBps).toBe(0);
    });

    it('prices sBTC capital on the CALLs it backs: CALL parameters, the mirror strike, sats', async () => {
      // The balanced sBTC tier: 2 BTC of capital, 0.5 BTC of it locked behind a CALL.
      await deposit(handle.db, {
        principal: carol,
        tier: 'balanced',
        token: 'SBTC',
        amount: 200_000_000n,
        chainTxId: '0xyield-sbtc',
        chainEventIndex: 0,
      });
      const [row] = await handle.db.select().from(providers).where(eq(providers.principal, carol));
      const [policyId] = await insertTestPolicies(handle.db, 1);
      await lockCollateral(handle.db, {
        policyId: policyId!,
        token: 'SBTC',
        parts: [{ providerId: row!.id, amount: 50_000_000n }],
      });
      const sbtc = { token: 'SBTC', amount: '2', tier: 'balanced', days: 60 } as const;
      const quote = await computeProviderYieldQuote(handle.db, sbtc, deps);
      const latest = await getLatestMarketData(handle.db);
      const risk = await getActiveRiskParameters(handle.db, 'CALL');
      // 0.5 BTC locked over 2 + this 2 BTC: an eighth of the deposit is expected locked.
      expect(quote.lockedShareBps).toBe(1_250);
      expect(quote.policyType).toBe('CALL');
      const model = calculateProviderYield({
        commitmentUsd: Number(quote.amountUsd) / 1e8,
        tier: 'balanced',
        periodDays: 60,
        volatility: latest.BTC!.volatility,
        spot: Number(latest.BTC!.priceUsd) / 1e8,
        riskParams: risk.params,
        utilization: 0.125,
        riskFreeRate: deps.riskFreeRate,
        policyType: 'CALL',
      });
      expect(quote.amountUsd).toBe(satsToUsd(200_000_000n, latest.BTC!.priceUsd, 'floor'));
      expect(quote.premiumIncome.usd).toBe(usdFromNumber(model.premiumIncome, 'floor'));
      expect(quote.premiumIncome.units).toBe(
        usdToSats(quote.premiumIncome.usd, latest.BTC!.priceUsd, 'floor'),
      );
      expect(quote.premiumIncome.usd).toBeGreaterThan(0n);
      expect(quote.apyBps).toBe(Math.round(model.annualizedYieldPercentage * 100));
      expect(quote.assumptions.strikePercentage).toBe(110);
      expect(quote.assumptions.riskParameters).toEqual({ id: risk.id, version: risk.version });
      expect(quote.assumptions.premiumModel).toMatch(/CALL parameters\) on CALLs/);
    });

    it('refuses stale prices with the typed error buyer quotes give', async () => {
      const stale = createQuotingContext({ now: () => new Date(T0.getTime() + HOUR) });
      const error = await computeProviderYieldQuote(handle.db, params, stale).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('STALE_MARKET_DATA');
    });

    it('logs rapid repeated quotes to yield_calculations once per caller and interval', async () => {
      let now = T0.getTime();
      const sampled = { ...deps, now: () => new Date(now), logSampler: new QuoteLogSampler(5_000) };
      const count = () => handle.db.$count(yieldCalculations, eq(yieldCalculations.principal, carol));
      for (const days of [10, 11, 12])
        await quoteProviderYield(handle.db, carol, { ...params, days }, sampled);
      expect(await count()).toBe(1);
      now += 6_000;
      await quoteProviderYield(handle.db, carol, { ...params, days: 13 }, sampled);
      expect(await count()).toBe(2);
      const [row] = await handle.db
        .select()
        .from(yieldCalculations)
        .where(eq(yieldCalculations.principal, carol))
        .orderBy(yieldCalculations.id);
      expect(row?.params).toEqual({ ...params, days: 10 });
      expect(row?.result).toMatchObject({ lockedShareBps: 2_000, riskLevel: expect.any(Number) });
      await quoteProviderYield(handle.db, null, params, sampled);
      expect(await handle.db.$count(yieldCalculations, isNull(yieldCalculations.principal))).toBe(1);
    });

    it('gives each tier a live APY range and the capacity left', async () => {
      const ranges = await providerYieldTiers(handle.db, 'STX', deps);
      expect(ranges.policyType).toBe('PUT');
      const [conservative, balanced] = ranges.tiers;
      expect(balanced).toMatchObject({
        tier: 'balanced',
        utilizationBps: 4_000,
        totalCapital: 1_000_000n * STX,
        capacityLimit: 10_000_000n * STX,
        capacityLeft: 9_000_000n * STX,
      });
      expect(balanced!.apyBps.min).toBeLessThanOrEqual(balanced!.apyBps.max);
      expect(balanced!.apyBps.max).toBeGreaterThan(0);
      // The range is a marginal deposit's: one micro-STX moves the share (rounded down) by 1 bps.
      const marginal = await computeProviderYieldQuote(handle.db, { ...params, amount: '0.000001' }, deps);
      expect(marginal.lockedShareBps).toBe(3_999);
      expect(conservative).toMatchObject({ utilizationBps: 0, apyBps: { min: 0, max: 0 } });
    });
  });
}

describe('yieldProjection', () => {
  it('accrues evenly from 0 to the totals, income rounded down and loss up', () => {
    const points = yieldProjection(3, 100n, 10n);
    expect(points.map((p) => [p.day, p.premiumIncomeUsd, p.expectedLossUsd, p.netUsd])).toEqual([
      [0, 0n, 0n, 0n],
      [1, 33n, 4n, 29n],
      [2, 66n, 7n, 59n],
      [3, 100n, 10n, 90n],
    ]);
  });
});
