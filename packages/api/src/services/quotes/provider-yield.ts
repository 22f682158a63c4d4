import { type Executor, type TierName, type Token, yieldCalculations } from '@bithedge/db';
import {
  calculateProviderYield,
  divide,
  microStxToUsd,
  POLICY_COLLATERAL,
  POLICY_TERM_DAYS,
  type PolicyType,
  type ProviderYieldResult,
  parseDecimal,
  satsToUsd,
  TIERS,
  tierStrikePercentage,
  USD_SCALE,
  usdFromNumber,
  usdToMicroStx,
  usdToSats,
} from '@bithedge/pricing';
import { z } from 'zod';
import { getPoolOverview, ratioBps, type TierOverview } from '../liquidity';
import type { MarketSnapshot } from '../market';
import { PROVIDER_QUOTE_LIMITS } from './limits';
import type { QuoteLogSampler } from './log-sampler';
import { loadQuoteInputs, type QuotingDeps } from './price';
import type { RiskParameterVersion } from './risk-parameters';

/** Base-unit decimals of each collateral token (micro-STX, sats). */
export const TOKEN_DECIMALS: Record<Token, number> = { STX: 6, SBTC: 8 };

const AMOUNT_SHAPE = /^\d{1,12}(\.\d{1,8})?$/;

/**
 * What a liquidity provider asks about: committing `amount` whole tokens (a decimal string, so no
 * float decides a base unit) under `tier` for `days`.
 */
export const ProviderYieldParamsSchema = z
  .object({
    token: z.enum(['STX', 'SBTC'], 'token must be STX or SBTC'),
    amount: z.string().trim().regex(AMOUNT_SHAPE, 'amount must be a decimal number of tokens, e.g. "1500.5"'),
    tier: z.enum(TIERS, 'tier must be conservative, balanced or aggressive'),
    days: z
      .int('days must be a whole number')
      .min(PROVIDER_QUOTE_LIMITS.minDays)
      .max(PROVIDER_QUOTE_LIMITS.maxDays),
  })
  .superRefine((v, ctx) => {
    // The limits depend on the token, so they are checked once both fields are valid (zod runs
    // this refinement even when a field failed; the shape test above then reported it).
    if (!(v.token in TOKEN_DECIMALS) || !AMOUNT_SHAPE.test(v.amount)) return;
    const decimals = TOKEN_DECIMALS[v.token];
    const fraction = v.amount.split('.')[1] ?? '';
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['amount'], message });
    if (fraction.length > decimals)
      return issue(`amount must have at most ${decimals} decimals for ${v.token}`);
    const units = parseDecimal(v.amount, decimals);
    if (units <= 0n) return issue('amount must be greater than 0');
    const max = PROVIDER_QUOTE_LIMITS.maxAmount[v.token];
    if (units > parseDecimal(max, decimals)) issue(`amount must be at most ${max} ${v.token}`);
  });
export type ProviderYieldParams = z.infer<typeof ProviderYieldParamsSchema>;

/** An amount in USD (8 decimals) and in the token's base units at the snapshot's price. */
export interface TokenAndUsd {
  usd: bigint;
  units: bigint;
}

export interface YieldProjectionPoint {
  day: number;
  /** Cumulative figures up to this day (USD, 8 decimals). */
  premiumIncomeUsd: bigint;
  expectedLossUsd: bigint;
  netUsd: bigint;
}

/** What a yield quote was computed from, shown next to it. */
export interface YieldAssumptions {
  premiumModel: string;
  /** The strike the tier's capital typically backs (PUTs for STX, CALLs for sBTC), in % of spot. */
  strikePercentage: number;
  /** Policies are assumed to roll over every this many days. */
  policyTermDays: number;
  utilization: {
    /** The tier's capital and locked collateral in the live pool (base units). */
    tierCapital: bigint;
    tierLocked: bigint;
    providerCount: number;
    currentBps: number;
    /** Locked ÷ (capital + this deposit): the share of the deposit expected to be locked. */
    afterDepositBps: number;
  };
  riskParameters: { id: number; version: number };
  volatility: { value: number; source: 'realized' | 'default' };
  riskFreeRate: number;
  prices: Record<'BTC' | 'STX', { priceUsd: bigint; observedAt: Date; ageSeconds: number }>;
}

export interface ProviderYieldQuote {
  params: ProviderYieldParams;
  token: Token;
  tier: TierName;
  /** What the token's capital backs, the policies the yield is priced on (`backedPolicyType`). */
  policyType: PolicyType;
  /** The commitment in base units and its USD value. */
  amount: bigint;
  amountUsd: bigint;
  /** Premiums collected over the period, rounded down (an estimate never promises more). */
  premiumIncome: TokenAndUsd;
  /** The backed policies' expected payouts over the period, rounded up. */
  expectedSettlementLoss: TokenAndUsd;
  /** premiumIncome − expectedSettlementLoss (may be negative). */
  netYield: TokenAndUsd;
  /** Net yield annualized, in basis points. */
  apyBps: number;
  /** Expected share of time (and of capital) locked behind policies, in basis points. */
  lockedShareBps: number;
  /** 1 (safest) … 10. */
  riskLevel: number;
  exerciseProbability: number;
  /** If a backed PUT is exercised, the effective BTC price paid (strike − premium), USD 8 decimals. */
  btcAcquisitionPriceUsd: bigint;
  /** The net yield's parts (USD, 8 decimals): model base, tier, duration and market adjustments. */
  components: { base: bigint; tier: bigint; duration: bigint; market: bigint };
  projection: YieldProjectionPoint[];
  assumptions: YieldAssumptions;
  market: MarketSnapshot;
  riskParameters: RiskParameterVersion;
  computedAt: Date;
}

const toNumber = (units: bigint, scale: bigint) => Number(units) / Number(scale);

/** USD (8 decimals) of `units` of `token` at the snapshot's prices. */
function toUsd(token: Token, units: bigint, market: MarketSnapshot): bigint {
  return token === 'STX'
    ? microStxToUsd(units, market.STX.priceUsd, 'floor')
    : satsToUsd(units, market.BTC.priceUsd, 'floor');
}

function toUnits(token: Token, usd: bigint, market: MarketSnapshot, rounding: 'floor' | 'ceil'): bigint {
  return token === 'STX'
    ? usdToMicroStx(usd, market.STX.priceUsd, rounding)
    : usdToSats(usd, market.BTC.priceUsd, rounding);
}

/**
 * What a token's capital backs: STX backs PUTs, sBTC backs CALLs (the inverse of
 * POLICY_COLLATERAL; README, sBTC-backed CALLs). Its yield is priced on those policies.
 */
export function backedPolicyType(token: Token): PolicyType {
  return token === POLICY_COLLATERAL.CALL ? 'CALL' : 'PUT';
}

/** The model's inputs: live spot, volatility, risk parameters and the given utilization. */
export function modelAt(
  market: MarketSnapshot,
  riskParameters: RiskParameterVersion,
  riskFreeRate: number,
  input: {
    commitmentUsd: number;
    tier: TierName;
    periodDays: number;
    utilizationBps: number;
    policyType: PolicyType;
  },
): ProviderYieldResult {
  return calculateProviderYield({
    policyType: input.policyType,
    commitmentUsd: input.commitmentUsd,
    tier: input.tier,
    periodDays: input.periodDays,
    volatility: market.BTC.volatility,
    spot: toNumber(market.BTC.priceUsd, USD_SCALE),
    riskParams: riskParameters.params,
    utilization: input.utilizationBps / 10_000,
    riskFreeRate,
  });
}

/** Cumulative income, loss and net for each day 0…days, accrued evenly over the period. */
export function yieldProjection(days: number, incomeUsd: bigint, lossUsd: bigint): YieldProjectionPoint[] {
  return Array.from({ length: days + 1 }, (_, day) => {
    const premiumIncomeUsd = divide(incomeUsd * BigInt(day), BigInt(days), 'floor');
    const expectedLossUsd = divide(lossUsd * BigInt(day), BigInt(days), 'ceil');
    return { day, premiumIncomeUsd, expectedLossUsd, netUsd: premiumIncomeUsd - expectedLossUsd };
  });
}

function tierOf(overview: Awaited<ReturnType<typeof getPoolOverview>>, token: Token, tier: TierName) {
  const found = overview.tokens.find((t) => t.token === token)?.tiers.find((t) => t.tier === tier);
  if (!found) throw new Error(`pool overview has no ${token} ${tier} tier`);
  return found;
}

function assumptionsOf(
  tier: TierName,
  pool: TierOverview,
  afterDepositBps: number,
  inputs: { market: MarketSnapshot; riskParameters: RiskParameterVersion; riskFreeRate: number; now: Date },
  periodDays: number,
  policyType: PolicyType,
): YieldAssumptions {
  const { market, riskParameters, now } = inputs;
  const price = (asset: 'BTC' | 'STX') => ({
    priceUsd: market[asset].priceUsd,
    observedAt: market[asset].observedAt,
    ageSeconds: Math.max(0, Math.round((now.getTime() - market[asset].observedAt.getTime()) / 1000)),
  });
  return {
    premiumModel: `calculatePremium (Black–Scholes with the risk loading of the active ${policyType} parameters) on ${policyType}s at the tier strike, net of their fair value at market volatility`,
    strikePercentage: tierStrikePercentage(tier, policyType),
    policyTermDays: Math.min(periodDays, POLICY_TERM_DAYS),
    utilization: {
      tierCapital: pool.totalCapital,
      tierLocked: pool.locked,
      providerCount: pool.providerCount,
      currentBps: pool.utilizationBps,
      afterDepositBps,
    },
    riskParameters: { id: riskParameters.id, version: riskParameters.version },
    volatility: { value: market.BTC.volatility, source: market.BTC.volatilitySource },
    riskFreeRate: inputs.riskFreeRate,
    prices: { BTC: price('BTC'), STX: price('STX') },
  };
}

/**
 * A provider's expected yield from `calculateProviderYield` on live figures only: the fresh BTC
 * and STX prices and BTC volatility (refused when stale, like buyer quotes), the active risk
 * parameters of what the capital backs (STX: PUTs, sBTC: CALLs), and the tier's utilization in
 * the live pool after this deposit joins it (the same locked collateral spread over more capital).
 */
export async function computeProviderYieldQuote(
  db: Executor,
  params: ProviderYieldParams,
  deps: QuotingDeps,
): Promise<ProviderYieldQuote> {
  const now = deps.now();
  const { token, tier, days } = params;
  const policyType = backedPolicyType(token);
  const [{ market, riskParameters }, overview] = await Promise.all([
    loadQuoteInputs(db, policyType, deps),
    getPoolOverview(db),
  ]);
  const amount = parseDecimal(params.amount, TOKEN_DECIMALS[token]);
  const amountUsd = toUsd(token, amount, market);
  const pool = tierOf(overview, token, tier);
  const lockedShareBps = ratioBps(pool.locked, pool.totalCapital + amount);
  const commitmentUsd = toNumber(amountUsd, USD_SCALE);
  const inputs = { commitmentUsd, tier, periodDays: days, utilizationBps: lockedShareBps, policyType };
  const model = modelAt(market, riskParameters, deps.riskFreeRate, inputs);
  const incomeUsd = usdFromNumber(model.premiumIncome, 'floor');
  const lossUsd = usdFromNumber(model.expectedSettlementLoss, 'ceil');
  const income = { usd: incomeUsd, units: toUnits(token, incomeUsd, market, 'floor') };
  const loss = { usd: lossUsd, units: toUnits(token, lossUsd, market, 'ceil') };
  const usd = (value: number) => usdFromNumber(value, 'half-even');
  return {
    params,
    token,
    tier,
    policyType,
    amount,
    amountUsd,
    premiumIncome: income,
    expectedSettlementLoss: loss,
    netYield: { usd: income.usd - loss.usd, units: income.units - loss.units },
    apyBps: Math.round(model.annualizedYieldPercentage * 100),
    lockedShareBps,
    riskLevel: model.riskLevel,
    exerciseProbability: model.exerciseProbability,
    btcAcquisitionPriceUsd: usd(model.estimatedBTCAcquisitionPrice),
    components: {
      base: usd(model.baseYield),
      tier: usd(model.tierAdjustment),
      duration: usd(model.durationAdjustment),
      market: usd(model.marketConditionAdjustment),
    },
    projection: yieldProjection(days, incomeUsd, lossUsd),
    assumptions: assumptionsOf(
      tier,
      pool,
      lockedShareBps,
      { market, riskParameters, riskFreeRate: deps.riskFreeRate, now },
      days,
      policyType,
    ),
    market,
    riskParameters,
    computedAt: now,
  };
}

/**
 * The yield quote, logged to `yield_calculations` when the sampler lets it through (the /provide
 * page re-quotes as the provider types). A lost log row never costs the provider their quote.
 */
export async function quoteProviderYield(
  db: Executor,
  principal: string | null,
  params: ProviderYieldParams,
  deps: QuotingDeps & { logSampler: QuoteLogSampler },
): Promise<ProviderYieldQuote> {
  const quote = await computeProviderYieldQuote(db, params, deps);
  // Its own key space: a buyer quote and a yield quote by one caller do not suppress each other.
  const key = `yield:${principal ?? 'anonymous'}`;
  if (deps.logSampler.shouldLog(key, JSON.stringify(params), deps.now().getTime()))
    await logYieldCalculation(db, principal, quote).catch((error: unknown) =>
      console.error('yield_calculations insert failed', error),
    );
  return quote;
}

export async function logYieldCalculation(
  db: Executor,
  principal: string | null,
  quote: ProviderYieldQuote,
): Promise<void> {
  await db.insert(yieldCalculations).values({
    principal,
    params: quote.params,
    result: {
      amountUsd: quote.amountUsd.toString(),
      premiumIncomeUsd: quote.premiumIncome.usd.toString(),
      expectedSettlementLossUsd: quote.expectedSettlementLoss.usd.toString(),
      netYieldUsd: quote.netYield.usd.toString(),
      apyBps: quote.apyBps,
      lockedShareBps: quote.lockedShareBps,
      riskLevel: quote.riskLevel,
      riskParametersId: quote.riskParameters.id,
      volatility: quote.assumptions.volatility.value,
      btcPriceUsd: quote.market.BTC.priceUsd.toString(),
      stxPriceUsd: quote.market.STX.priceUsd.toString(),
    },
  });
}
