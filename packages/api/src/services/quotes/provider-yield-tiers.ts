import { type Executor, TIER_NAMES, type TierName, type Token } from '@bithedge/db';
import { POLICY_TERM_DAYS, type PolicyType, tierStrikePercentage } from '@bithedge/pricing';
import { getPoolOverview } from '../liquidity';
import { loadQuoteInputs, type QuotingDeps } from './price';
import { backedPolicyType, modelAt } from './provider-yield';

export interface TierYieldRange {
  tier: TierName;
  /** Lowest and highest APY (basis points) over periods of 1 day to a year at today's figures. */
  apyBps: { min: number; max: number };
  riskLevel: { min: number; max: number };
  /** The strike the tier backs (PUTs for STX, CALLs for sBTC), in % of spot. */
  strikePercentage: number;
  /** The tier's live utilization (locked ÷ capital, basis points) the range is computed at. */
  utilizationBps: number;
  /** Capital in the tier, its capacity limit and the room left (base units). */
  totalCapital: bigint;
  capacityLimit: bigint;
  capacityLeft: bigint;
}

export interface TierYieldRanges {
  token: Token;
  /** What the token's capital backs, the policies the ranges are priced on (`backedPolicyType`). */
  policyType: PolicyType;
  tiers: TierYieldRange[];
  riskParameters: { id: number; version: number };
  volatility: number;
  pricedAt: Date;
}

/**
 * APY is the same for every period from one policy term (30 days) up, since income grows with
 * the number of terms; shorter periods price shorter policies. So days 1…30 cover 1…365.
 */
const RANGE_PERIODS = Array.from({ length: POLICY_TERM_DAYS }, (_, i) => i + 1);

/**
 * The tier cards' live APY ranges for `token`: `calculateProviderYield` at each tier's current
 * utilization in the pool (a marginal deposit), today's prices, volatility and risk parameters.
 * The yield is linear in the amount, so one nominal commitment gives the rate.
 */
export async function providerYieldTiers(
  db: Executor,
  token: Token,
  deps: QuotingDeps,
): Promise<TierYieldRanges> {
  const policyType = backedPolicyType(token);
  const [{ market, riskParameters }, overview] = await Promise.all([
    loadQuoteInputs(db, policyType, deps),
    getPoolOverview(db),
  ]);
  const pool = overview.tokens.find((t) => t.token === token);
  const tiers = TIER_NAMES.map((tier): TierYieldRange => {
    const live = pool?.tiers.find((t) => t.tier === tier);
    const utilizationBps = live?.utilizationBps ?? 0;
    const results = RANGE_PERIODS.map((periodDays) =>
      modelAt(market, riskParameters, deps.riskFreeRate, {
        commitmentUsd: 10_000,
        tier,
        periodDays,
        utilizationBps,
        policyType,
      }),
    );
    const apys = results.map((r) => Math.round(r.annualizedYieldPercentage * 100));
    const risks = results.map((r) => r.riskLevel);
    const totalCapital = live?.totalCapital ?? 0n;
    const capacityLimit = live?.capacityLimit ?? 0n;
    return {
      tier,
      apyBps: { min: Math.min(...apys), max: Math.max(...apys) },
      riskLevel: { min: Math.min(...risks), max: Math.max(...risks) },
      strikePercentage: tierStrikePercentage(tier, policyType),
      utilizationBps,
      totalCapital,
      capacityLimit,
      capacityLeft: capacityLimit > totalCapital ? capacityLimit - totalCapital : 0n,
    };
  });
  return {
    token,
    policyType,
    tiers,
    riskParameters: { id: riskParameters.id, version: riskParameters.version },
    volatility: market.BTC.volatility,
    pricedAt: deps.now(),
  };
}
