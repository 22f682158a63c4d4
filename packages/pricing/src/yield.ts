import { blackScholesPrice } from './black-scholes.ts';
import { normalCdf } from './normal.ts';
import { calculatePremium, type PolicyType, type RiskParams, type Tier } from './premium.ts';

/** How each tier's capital is typically used: PUT strikes backed and share of capital locked. */
export const TIER_PROFILES: Record<Tier, { strikePercentage: number; utilization: number }> = {
  conservative: { strikePercentage: 80, utilization: 0.5 },
  balanced: { strikePercentage: 90, utilization: 0.65 },
  aggressive: { strikePercentage: 100, utilization: 0.8 },
};

/**
 * The strike (% of spot) a tier's capital typically backs: its PUT strike, or for a CALL the
 * mirror above spot (200 − the PUT strike: 120 / 110 / 100 %).
 */
export function tierStrikePercentage(tier: Tier, policyType: PolicyType = 'PUT'): number {
  const put = TIER_PROFILES[tier].strikePercentage;
  return policyType === 'PUT' ? put : 200 - put;
}

/** Policies roll over this many days at most. */
export const POLICY_TERM_DAYS = 30;

export interface ProviderYieldInput {
  /** Capital committed, in USD. */
  commitmentUsd: number;
  tier: Tier;
  periodDays: number;
  volatility: number;
  spot: number;
  riskParams: RiskParams;
  /** Share of the capital locked behind policies (default: the tier's typical utilization). */
  utilization?: number;
  riskFreeRate?: number;
  /**
   * What the capital backs (default PUT: STX capital). CALL: sBTC capital backing CALLs at the
   * mirror strike (200 − the tier's PUT strike percentage: 120 / 110 / 100 % of spot); one BTC
   * covered locks one BTC of collateral, worth the spot.
   */
  policyType?: PolicyType;
}

export interface ProviderYieldResult {
  /** Expected USD earned over the period, net of expected settlement losses. */
  estimatedYield: number;
  /**
   * Premiums the locked capital collects over the period (USD), before settlement losses:
   * estimatedYield = premiumIncome − expectedSettlementLoss.
   */
  premiumIncome: number;
  /** The policies' fair value at market volatility (USD): what their payouts cost on average. */
  expectedSettlementLoss: number;
  /** Risk-neutral chance that one backed policy ends in the money. */
  exerciseProbability: number;
  annualizedYieldPercentage: number;
  /**
   * If a backed policy is exercised, the effective BTC price the provider trades at: for a PUT the
   * price it buys at (strike − premium), for a CALL the price it sells at (strike + premium).
   */
  estimatedBTCAcquisitionPrice: number;
  /** 1 (safest) … 10, from the chance that backed policies pay out and the share of capital at risk. */
  riskLevel: number;
  /** Share of the committed capital earning premium. */
  capitalEfficiency: number;
  /** The model's net yield at the tier's strike, before any multiplier or adjustment. */
  baseYield: number;
  /** What the tier multiplier adds (or removes). */
  tierAdjustment: number;
  /** What the duration loading adds. */
  durationAdjustment: number;
  /** What the liquidity and market-trend adjustments add. */
  marketConditionAdjustment: number;
}

/**
 * Expected provider yield grounded in the premium model. The tier's capital backs PUTs at its
 * typical strike, rolled every min(period, 30) days; each turn earns the premium on the
 * collateral locked (the strike) and expects to pay the policy's fair value at market
 * volatility. So per turn and per USD locked: net = (premium − V(σ)) / K, and
 *   estimatedYield = commitment × utilization × turns × net
 * = baseYield + tierAdjustment + durationAdjustment + marketConditionAdjustment,
 * each adjustment being the change in yield as that group of parameters is switched on.
 */
export function calculateProviderYield(input: ProviderYieldInput): ProviderYieldResult {
  const { commitmentUsd, tier, periodDays, volatility, spot, riskParams } = input;
  if (!(Number.isFinite(commitmentUsd) && commitmentUsd >= 0))
    throw new RangeError(`commitmentUsd must be ≥ 0 (got ${commitmentUsd})`);
  if (!(Number.isFinite(periodDays) && periodDays > 0))
    throw new RangeError(`periodDays must be > 0 (got ${periodDays})`);
  const profile = TIER_PROFILES[tier];
  const utilization = input.utilization ?? profile.utilization;
  if (!(utilization >= 0 && utilization <= 1))
    throw new RangeError(`utilization must be between 0 and 1 (got ${utilization})`);
  const riskFreeRate = input.riskFreeRate ?? 0;
  const termDays = Math.min(periodDays, POLICY_TERM_DAYS);
  const turns = periodDays / termDays;
  const policyType = input.policyType ?? 'PUT';
  const strikePercentage = tierStrikePercentage(tier, policyType);
  const strike = (spot * strikePercentage) / 100;
  // The collateral one BTC of cover locks: the strike in STX for a PUT, one BTC of sBTC for a CALL.
  const lockedPerBtc = policyType === 'PUT' ? strike : spot;
  const fairValue = blackScholesPrice({
    type: policyType === 'PUT' ? 'put' : 'call',
    spot,
    strike,
    timeYears: termDays / 365,
    volatility,
    rate: riskFreeRate,
  });

  const netYield = (params: RiskParams, withTier: boolean) => {
    const quote = calculatePremium({
      spot,
      protectedValuePercentage: strikePercentage,
      protectedAmount: 1,
      expirationDays: termDays,
      policyType,
      volatility,
      riskFreeRate,
      riskParams: params,
      tier: withTier ? tier : 'balanced',
    });
    // Premium and fair value are per 1 BTC covered, i.e. per `lockedPerBtc` USD of collateral.
    const locked = commitmentUsd * utilization * turns;
    return {
      yield: locked * ((quote.premium - fairValue) / lockedPerBtc),
      income: locked * (quote.premium / lockedPerBtc),
      loss: locked * (fairValue / lockedPerBtc),
      premium: quote.premium,
    };
  };
  const neutral = { ...riskParams, tierMultipliers: { conservative: 1, balanced: 1, aggressive: 1 } };
  const base = netYield(
    { ...neutral, durationFactor: 0, liquidityAdjustment: 0, marketTrendAdjustment: 0 },
    false,
  );
  const withTier = netYield(
    { ...riskParams, durationFactor: 0, liquidityAdjustment: 0, marketTrendAdjustment: 0 },
    true,
  );
  const withDuration = netYield({ ...riskParams, liquidityAdjustment: 0, marketTrendAdjustment: 0 }, true);
  const full = netYield(riskParams, true);

  const baseYield = base.yield;
  const tierAdjustment = withTier.yield - base.yield;
  const durationAdjustment = withDuration.yield - withTier.yield;
  const marketConditionAdjustment = full.yield - withDuration.yield;
  const estimatedYield = baseYield + tierAdjustment + durationAdjustment + marketConditionAdjustment;
  // Chance the backed policy ends in the money (risk-neutral), weighted by the share of capital at risk.
  const below = probabilityBelow(spot, strike, termDays / 365, volatility, riskFreeRate);
  const exerciseProbability = policyType === 'PUT' ? below : 1 - below;
  const riskLevel = Math.min(
    10,
    Math.max(1, Math.round(1 + 9 * Math.min(1, 2 * exerciseProbability * utilization))),
  );
  return {
    estimatedYield,
    premiumIncome: full.income,
    expectedSettlementLoss: full.loss,
    exerciseProbability,
    annualizedYieldPercentage:
      commitmentUsd > 0 ? (estimatedYield / commitmentUsd) * (365 / periodDays) * 100 : 0,
    estimatedBTCAcquisitionPrice: policyType === 'PUT' ? strike - full.premium : strike + full.premium,
    riskLevel,
    capitalEfficiency: utilization,
    baseYield,
    tierAdjustment,
    durationAdjustment,
    marketConditionAdjustment,
  };
}

/** Risk-neutral P(S_T < K) = Φ(−d₂). */
function probabilityBelow(
  spot: number,
  strike: number,
  timeYears: number,
  volatility: number,
  rate: number,
): number {
  const s = volatility * Math.sqrt(timeYears);
  if (s === 0) return spot * Math.exp(rate * timeYears) < strike ? 1 : 0;
  const d2 = (Math.log(spot / strike) + rate * timeYears) / s - s / 2;
  return normalCdf(-d2);
}
