import { blackScholesGreeks, blackScholesPrice } from './black-scholes.ts';
import type { Greeks } from './types.ts';

/** The risk tiers a provider deposits under, from the most to the least cautious. */
export const TIERS = ['conservative', 'balanced', 'aggressive'] as const;
export type Tier = (typeof TIERS)[number];
/** PUT pays when BTC ends below the strike, CALL when it ends above. */
export const POLICY_TYPES = ['PUT', 'CALL'] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

/**
 * The asset that backs a policy of each type and pays it out. A CALL pays (S − K) × amount, which
 * in sBTC is (S − K) ÷ S × amount sats — never more than the amount — so sBTC covers it at any BTC
 * price; a PUT pays exactly when BTC (and sBTC) falls, so STX backs it.
 */
export const POLICY_COLLATERAL = { PUT: 'STX', CALL: 'SBTC' } as const satisfies Record<PolicyType, string>;

/** The risk parameters an admin sets; see the package README for what each one does. */
export interface RiskParams {
  /** Annual charge on the protected value for the capital the pool locks (e.g. 0.01 = 1%/yr). */
  baseRate: number;
  /** Volatility charged ÷ market volatility (a volatility risk premium; 1 = none). */
  volatilityMultiplier: number;
  /** Loading per year of duration on the model price (longer cover, more model risk). */
  durationFactor: number;
  /** Loading per unit of coverage K/S on the model price (more protection, more loading). */
  coverageFactor: number;
  /** Price multiplier of the tier whose providers back the policy. */
  tierMultipliers: Record<Tier, number>;
  /** Relative loading (+) or discount (−) for pool liquidity. */
  liquidityAdjustment: number;
  /** Relative loading (+) or discount (−) for the market trend. */
  marketTrendAdjustment: number;
}

/** The documented defaults. */
export const DEFAULT_RISK_PARAMS: RiskParams = {
  baseRate: 0.01,
  volatilityMultiplier: 1.1,
  durationFactor: 0.1,
  coverageFactor: 0.05,
  tierMultipliers: { conservative: 0.9, balanced: 1, aggressive: 1.15 },
  liquidityAdjustment: 0,
  marketTrendAdjustment: 0,
};

export interface PremiumInput {
  /** BTC/USD today. */
  spot: number;
  /** Strike as % of spot (e.g. 90 protects below 90% of today's price for a PUT). */
  protectedValuePercentage: number;
  /** BTC covered. */
  protectedAmount: number;
  expirationDays: number;
  policyType: PolicyType;
  /** Market volatility (annualised fraction). */
  volatility: number;
  /** Continuously compounded risk-free rate. */
  riskFreeRate: number;
  riskParams: RiskParams;
  /** Tier backing the policy (default balanced). */
  tier?: Tier;
}

export interface PremiumResult {
  /** USD per BTC. */
  strike: number;
  /** USD for the whole amount; equals intrinsicValue + timeValue + volatilityImpact + riskLoading. */
  premium: number;
  /** Premium as % of the protected value (strike × amount). */
  premiumPercentage: number;
  /** premiumPercentage scaled to a year. */
  annualizedPremium: number;
  /** The BTC price at which the buyer's protection pays back its premium. */
  breakEvenPrice: number;
  /** Black-Scholes value at zero volatility: the discounted forward intrinsic value. */
  intrinsicValue: number;
  /** Black-Scholes value at market volatility, less the intrinsic value. */
  timeValue: number;
  /** Extra value from charging volatilityMultiplier × market volatility. */
  volatilityImpact: number;
  /** Capital charge plus multiplicative loadings (negative when a tier discounts). */
  riskLoading: number;
  /** Position Greeks (per policy, i.e. × amount) at the charged volatility. */
  greeks: Greeks;
  /** The volatility charged. */
  chargedVolatility: number;
}

function requireInRange(value: number, field: string, min: number, max: number): void {
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    throw new RangeError(`${field} must be between ${min} and ${max} (got ${value})`);
  }
}

/**
 * The premium of a protection policy. Per BTC, with V(σ) the Black-Scholes price:
 *   intrinsic = V(0);  time value = V(σ) − V(0);  volatility impact = V(k·σ) − V(σ)
 *   loading multiplier m = tier × (1 + liquidity) × (1 + trend) × (1 + duration·T) × (1 + coverage·K/S)
 *   risk loading = (m − 1)·V(k·σ) + baseRate·K·T
 * and premium = amount × (intrinsic + time value + volatility impact + risk loading).
 */
export function calculatePremium(input: PremiumInput): PremiumResult {
  const {
    spot,
    protectedValuePercentage,
    protectedAmount,
    expirationDays,
    volatility,
    riskFreeRate,
    riskParams: p,
  } = input;
  requireInRange(spot, 'spot', Number.MIN_VALUE, Number.MAX_VALUE);
  requireInRange(protectedValuePercentage, 'protectedValuePercentage', 1, 1000);
  requireInRange(protectedAmount, 'protectedAmount', Number.MIN_VALUE, 21_000_000);
  requireInRange(expirationDays, 'expirationDays', Number.MIN_VALUE, 3650);
  requireInRange(volatility, 'volatility', 0, 10);
  requireInRange(p.volatilityMultiplier, 'riskParams.volatilityMultiplier', 0, 10);
  const tier = input.tier ?? 'balanced';
  const type = input.policyType === 'PUT' ? 'put' : 'call';
  const strike = (spot * protectedValuePercentage) / 100;
  const timeYears = expirationDays / 365;
  const chargedVolatility = volatility * p.volatilityMultiplier;
  const base = { type, spot, strike, timeYears, rate: riskFreeRate } as const;

  const atZero = blackScholesPrice({ ...base, volatility: 0 });
  const atMarket = blackScholesPrice({ ...base, volatility });
  const greeks = blackScholesGreeks({ ...base, volatility: chargedVolatility });
  const charged = greeks.price;
  const multiplier =
    p.tierMultipliers[tier] *
    (1 + p.liquidityAdjustment) *
    (1 + p.marketTrendAdjustment) *
    (1 + p.durationFactor * timeYears) *
    (1 + (p.coverageFactor * protectedValuePercentage) / 100);
  const loadingPerBtc = (multiplier - 1) * charged + p.baseRate * strike * timeYears;

  const intrinsicValue = atZero * protectedAmount;
  const timeValue = (atMarket - atZero) * protectedAmount;
  const volatilityImpact = (charged - atMarket) * protectedAmount;
  const riskLoading = loadingPerBtc * protectedAmount;
  const premium = intrinsicValue + timeValue + volatilityImpact + riskLoading;
  const premiumPercentage = (premium / (strike * protectedAmount)) * 100;
  const perBtc = premium / protectedAmount;
  return {
    strike,
    premium,
    premiumPercentage,
    annualizedPremium: (premiumPercentage * 365) / expirationDays,
    breakEvenPrice: type === 'put' ? strike - perBtc : strike + perBtc,
    intrinsicValue,
    timeValue,
    volatilityImpact,
    riskLoading,
    greeks: scaleGreeks(greeks, protectedAmount),
    chargedVolatility,
  };
}

function scaleGreeks(g: Greeks, amount: number): Greeks {
  return {
    price: g.price * amount,
    delta: g.delta * amount,
    gamma: g.gamma * amount,
    vega: g.vega * amount,
    theta: g.theta * amount,
    rho: g.rho * amount,
    dividendRho: g.dividendRho * amount,
  };
}
