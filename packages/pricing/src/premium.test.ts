import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blackScholesPrice } from './black-scholes.ts';
import { calculatePremium, DEFAULT_RISK_PARAMS, type PremiumInput } from './premium.ts';
import { generatePriceScenarios } from './scenarios.ts';
import { calculateProviderYield } from './yield.ts';

const quote: PremiumInput = {
  spot: 60_000,
  protectedValuePercentage: 90,
  protectedAmount: 0.5,
  expirationDays: 30,
  policyType: 'PUT',
  volatility: 0.6,
  riskFreeRate: 0.04,
  riskParams: DEFAULT_RISK_PARAMS,
};

describe('calculatePremium', () => {
  it('prices a 90% PUT from Black-Scholes plus documented loadings', () => {
    const r = calculatePremium(quote);
    const T = 30 / 365;
    const fair = blackScholesPrice({
      type: 'put',
      spot: 60_000,
      strike: 54_000,
      timeYears: T,
      volatility: 0.6,
      rate: 0.04,
    });
    const charged = blackScholesPrice({
      type: 'put',
      spot: 60_000,
      strike: 54_000,
      timeYears: T,
      volatility: 0.66,
      rate: 0.04,
    });
    const m = 1 * (1 + 0.1 * T) * (1 + 0.05 * 0.9);
    expect(r.strike).toBe(54_000);
    expect(r.intrinsicValue).toBe(0);
    expect(r.timeValue).toBeCloseTo(fair * 0.5, 8);
    expect(r.volatilityImpact).toBeCloseTo((charged - fair) * 0.5, 8);
    expect(r.riskLoading).toBeCloseTo(((m - 1) * charged + 0.01 * 54_000 * T) * 0.5, 8);
    expect(r.breakEvenPrice).toBeCloseTo(54_000 - r.premium / 0.5, 8);
    expect(r.premiumPercentage).toBeCloseTo((r.premium / 27_000) * 100, 10);
    expect(r.annualizedPremium).toBeCloseTo((r.premiumPercentage * 365) / 30, 10);
    expect(r.greeks.delta).toBeLessThan(0);
  });

  it('has a breakdown that adds up exactly to the premium', () => {
    fc.assert(
      fc.property(
        fc.record({
          pct: fc.double({ min: 50, max: 150, noNaN: true }),
          amount: fc.double({ min: 1e-8, max: 100, noNaN: true }),
          days: fc.integer({ min: 1, max: 365 }),
          vol: fc.double({ min: 0.05, max: 2, noNaN: true }),
          type: fc.constantFrom('PUT' as const, 'CALL' as const),
          tier: fc.constantFrom('conservative' as const, 'balanced' as const, 'aggressive' as const),
        }),
        (a) => {
          const r = calculatePremium({
            ...quote,
            protectedValuePercentage: a.pct,
            protectedAmount: a.amount,
            expirationDays: a.days,
            volatility: a.vol,
            policyType: a.type,
            tier: a.tier,
          });
          expect(r.intrinsicValue + r.timeValue + r.volatilityImpact + r.riskLoading).toBe(r.premium);
          expect(r.premium).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('charges more for the aggressive tier, more protection and longer cover', () => {
    const tiers = (['conservative', 'balanced', 'aggressive'] as const).map(
      (tier) => calculatePremium({ ...quote, tier }).premium,
    );
    expect(tiers[0]!).toBeLessThan(tiers[1]!);
    expect(tiers[1]!).toBeLessThan(tiers[2]!);
    expect(calculatePremium({ ...quote, protectedValuePercentage: 100 }).premium).toBeGreaterThan(
      calculatePremium(quote).premium,
    );
    expect(calculatePremium({ ...quote, expirationDays: 90 }).premium).toBeGreaterThan(
      calculatePremium(quote).premium,
    );
  });

  it('refuses out-of-range inputs with a RangeError naming the field', () => {
    expect(() => calculatePremium({ ...quote, protectedAmount: 0 })).toThrow(/^protectedAmount/);
    expect(() => calculatePremium({ ...quote, expirationDays: Number.NaN })).toThrow(/^expirationDays/);
    expect(() => calculatePremium({ ...quote, spot: -1 })).toThrow(/^spot/);
  });
});

describe('generatePriceScenarios', () => {
  it('gives the payoff and net result across −50%…+50% by default', () => {
    const s = generatePriceScenarios({
      spot: 60_000,
      strike: 54_000,
      premium: 1_000,
      amount: 0.5,
      policyType: 'PUT',
    });
    expect(s).toHaveLength(61);
    expect(s[0]).toEqual({ price: 30_000, protectionValue: 12_000, netValue: 11_000 });
    expect(s.at(-1)).toEqual({ price: 90_000, protectionValue: 0, netValue: -1_000 });
    const call = generatePriceScenarios({
      spot: 100,
      strike: 110,
      premium: 2,
      amount: 1,
      policyType: 'CALL',
      from: 100,
      to: 120,
      steps: 2,
    });
    expect(call.map((p) => p.netValue)).toEqual([-2, -2, 8]);
    expect(() =>
      generatePriceScenarios({ spot: 1, strike: 1, premium: 0, amount: 1, policyType: 'PUT', steps: 0 }),
    ).toThrow(RangeError);
  });
});

describe('calculateProviderYield', () => {
  const base = {
    commitmentUsd: 100_000,
    periodDays: 90,
    volatility: 0.6,
    spot: 60_000,
    riskParams: DEFAULT_RISK_PARAMS,
  };

  it('ranks tiers: a more aggressive tier earns more and is riskier', () => {
    const [c, b, a] = (['conservative', 'balanced', 'aggressive'] as const).map((tier) =>
      calculateProviderYield({ ...base, tier }),
    );
    expect(c!.estimatedYield).toBeLessThan(b!.estimatedYield);
    expect(b!.estimatedYield).toBeLessThan(a!.estimatedYield);
    expect(c!.riskLevel).toBeLessThan(b!.riskLevel);
    expect(b!.riskLevel).toBeLessThan(a!.riskLevel);
  });

  it('adds up its components exactly and earns more in total over more days (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('conservative' as const, 'balanced' as const, 'aggressive' as const),
        fc.integer({ min: 1, max: 364 }),
        fc.double({ min: 0.2, max: 1.5, noNaN: true }),
        (tier, days, vol) => {
          const short = calculateProviderYield({ ...base, tier, periodDays: days, volatility: vol });
          const long = calculateProviderYield({ ...base, tier, periodDays: days + 1, volatility: vol });
          expect(
            short.baseYield +
              short.tierAdjustment +
              short.durationAdjustment +
              short.marketConditionAdjustment,
          ).toBe(short.estimatedYield);
          expect(long.estimatedYield).toBeGreaterThan(short.estimatedYield);
          expect(short.riskLevel).toBeGreaterThanOrEqual(1);
          expect(short.riskLevel).toBeLessThanOrEqual(10);
        },
      ),
    );
  });

  it('splits the net yield into premium income and expected settlement loss (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('conservative' as const, 'balanced' as const, 'aggressive' as const),
        fc.integer({ min: 1, max: 365 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (tier, periodDays, utilization) => {
          const r = calculateProviderYield({ ...base, tier, periodDays, utilization });
          expect(r.premiumIncome).toBeGreaterThanOrEqual(0);
          expect(r.expectedSettlementLoss).toBeGreaterThanOrEqual(0);
          expect(r.premiumIncome - r.expectedSettlementLoss).toBeCloseTo(r.estimatedYield, 6);
          expect(r.exerciseProbability).toBeGreaterThanOrEqual(0);
          expect(r.exerciseProbability).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('prices sBTC capital on CALLs at the mirror strike, per BTC of collateral (worked example)', () => {
    const call = calculateProviderYield({ ...base, tier: 'balanced', policyType: 'CALL', utilization: 0.5 });
    // Balanced backs CALLs at 110% of spot; each turn of 30 days earns the CALL premium per BTC of
    // sBTC locked, worth the spot, and expects to pay the CALL's fair value.
    const strike = 66_000;
    const fair = blackScholesPrice({
      type: 'call',
      spot: 60_000,
      strike,
      timeYears: 30 / 365,
      volatility: 0.6,
      rate: 0,
    });
    const premium = calculatePremium({
      spot: 60_000,
      protectedValuePercentage: 110,
      protectedAmount: 1,
      expirationDays: 30,
      policyType: 'CALL',
      volatility: 0.6,
      riskFreeRate: 0,
      riskParams: DEFAULT_RISK_PARAMS,
      tier: 'balanced',
    }).premium;
    const locked = 100_000 * 0.5 * 3;
    expect(call.premiumIncome).toBeCloseTo((locked * premium) / 60_000, 6);
    expect(call.expectedSettlementLoss).toBeCloseTo((locked * fair) / 60_000, 6);
    expect(call.estimatedBTCAcquisitionPrice).toBeCloseTo(strike + premium, 6);
    // P(S_T > K) for the CALL is the complement of the PUT's P(S_T < K) at the same strike.
    const put = calculateProviderYield({ ...base, tier: 'balanced', utilization: 0.5, spot: 60_000 });
    expect(call.exerciseProbability).toBeGreaterThan(0);
    expect(call.exerciseProbability).toBeLessThan(0.5);
    expect(put.exerciseProbability).toBeGreaterThan(0);
  });

  it('CALL yields keep the tier order and add up exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 365 }),
        fc.double({ min: 0.2, max: 1.5, noNaN: true }),
        (days, vol) => {
          const [c, b, a] = (['conservative', 'balanced', 'aggressive'] as const).map((tier) =>
            calculateProviderYield({ ...base, tier, periodDays: days, volatility: vol, policyType: 'CALL' }),
          );
          for (const r of [c!, b!, a!]) {
            expect(r.premiumIncome - r.expectedSettlementLoss).toBeCloseTo(r.estimatedYield, 6);
            expect(r.exerciseProbability).toBeGreaterThanOrEqual(0);
            expect(r.exerciseProbability).toBeLessThanOrEqual(1);
          }
          expect(c!.exerciseProbability).toBeLessThan(a!.exerciseProbability);
          expect(c!.premiumIncome).toBeLessThan(a!.premiumIncome);
        },
      ),
    );
  });

  it('earns nothing when no capital is locked', () => {
    const r = calculateProviderYield({ ...base, tier: 'balanced', utilization: 0 });
    expect(r).toMatchObject({ estimatedYield: 0, premiumIncome: 0, expectedSettlementLoss: 0 });
  });
});
