import type { Executor, PolicyType } from '@bithedge/db';
import {
  btcToSats,
  calculatePremium,
  divide,
  generatePriceScenarios,
  POLICY_TYPES,
  type PremiumResult,
  SATS_PER_BTC,
  type Scenario,
  USD_SCALE,
  usdFromNumber,
  usdToMicroStx,
} from '@bithedge/pricing';
import { z } from 'zod';
import { TtlCache } from '../../lib/ttl-cache';
import { getLatestMarketData, type MarketQuote, type MarketSnapshot, requireFresh } from '../market';
import { QUOTE_LIMITS } from './limits';
import { getActiveRiskParameters, type RiskParameterVersion } from './risk-parameters';

const MAX_AMOUNT_SATS = btcToSats(QUOTE_LIMITS.maxAmountBtc);

/** What a buyer asks for. Amounts are decimal strings so no float ever decides a satoshi. */
export const QuoteParamsSchema = z.object({
  protectedValuePercentage: z
    .int('protectedValuePercentage must be a whole percentage')
    .min(QUOTE_LIMITS.minProtectedValuePercentage)
    .max(QUOTE_LIMITS.maxProtectedValuePercentage),
  amount: z
    .string()
    .trim()
    .regex(/^\d{1,8}(\.\d{1,8})?$/, {
      message: 'amount must be a BTC amount with at most 8 decimals',
      abort: true, // the refinements below parse it
    })
    .refine((s) => btcToSats(s) > 0n, 'amount must be greater than 0')
    .refine(
      (s) => btcToSats(s) <= MAX_AMOUNT_SATS,
      `amount must be at most ${QUOTE_LIMITS.maxAmountBtc} BTC`,
    ),
  days: z.int('days must be a whole number').min(QUOTE_LIMITS.minDays).max(QUOTE_LIMITS.maxDays),
  policyType: z.enum(POLICY_TYPES),
  /**
   * What-if: price the policy as if BTC were at this USD price (never saved or bought). At least
   * a cent: below 5·10⁻⁹ the price rounds to $0 at 8 decimals, which the pricing model refuses.
   */
  spotOverrideUsd: z
    .number()
    .min(0.01, 'spotOverrideUsd must be at least 0.01 USD')
    .max(100_000_000)
    .optional(),
});
export type QuoteParams = z.infer<typeof QuoteParamsSchema>;

/** Caches of what every quote reads; see `createQuoteInputCaches`. */
export interface QuoteInputCaches {
  market: TtlCache<Record<'BTC' | 'STX', MarketQuote | null>>;
  riskParameters: TtlCache<RiskParameterVersion>;
}

/**
 * Prices change once a minute and risk parameters rarely, but the page re-quotes on every
 * keystroke: one second of caching takes three queries off each quote. Freshness is still judged
 * per request, against the cached price's own observation time. A newly published risk-parameter
 * version applies within `ttlMs`.
 */
export function createQuoteInputCaches(ttlMs = 1_000): QuoteInputCaches {
  return { market: new TtlCache(ttlMs), riskParameters: new TtlCache(ttlMs) };
}

export interface QuotingDeps {
  /** Quotes refuse market data older than this. */
  maxPriceAgeMs: number;
  /** Continuously compounded, annual. */
  riskFreeRate: number;
  now: () => Date;
  /** Absent: every quote reads the database. */
  caches?: QuoteInputCaches | undefined;
}

/** The fresh market snapshot and active risk parameters a quote is computed from. */
export async function loadQuoteInputs(
  db: Executor,
  policyType: PolicyType,
  deps: QuotingDeps,
): Promise<{ market: MarketSnapshot; riskParameters: RiskParameterVersion }> {
  const now = deps.now();
  const { caches } = deps;
  const [latest, riskParameters] = await Promise.all([
    caches ? caches.market.get('latest', () => getLatestMarketData(db)) : getLatestMarketData(db),
    caches
      ? caches.riskParameters.get(policyType, () => getActiveRiskParameters(db, policyType))
      : getActiveRiskParameters(db, policyType),
  ]);
  return { market: requireFresh(latest, deps.maxPriceAgeMs, now), riskParameters };
}

/** Premium components in USD (8 decimals); they add up exactly to the premium. */
export interface PremiumBreakdown {
  intrinsicValue: bigint;
  timeValue: bigint;
  volatilityImpact: bigint;
  riskLoading: bigint;
}

export interface BuyerQuote {
  params: QuoteParams;
  policyType: PolicyType;
  amountSats: bigint;
  /** BTC price the quote was computed at (USD, 8 decimals): the feed's, or the what-if override. */
  spotUsd: bigint;
  strikeUsd: bigint;
  /** strike × amount (USD, 8 decimals). */
  protectedValueUsd: bigint;
  /** What the buyer pays, rounded up to the next 10⁻⁸ USD. */
  premiumUsd: bigint;
  /** The premium in micro-STX at the STX price of the snapshot, rounded up. */
  premiumMicroStx: bigint;
  premiumPercentage: number;
  annualizedPremiumPercentage: number;
  breakEvenUsd: bigint;
  breakdown: PremiumBreakdown;
  greeks: { delta: number; gamma: number; vega: number; theta: number; rho: number };
  volatility: { market: number; charged: number; source: 'realized' | 'default' };
  riskFreeRate: number;
  scenarios: Scenario[];
  market: MarketSnapshot;
  riskParameters: RiskParameterVersion;
  computedAt: Date;
}

const usd = (value: number) => usdFromNumber(value, 'half-even');
const toNumber = (units: bigint, scale: bigint) => Number(units) / Number(scale);

/**
 * The model's premium in exact USD parts. The loading absorbs the sub-10⁻⁸ rounding of the other
 * three, so the parts sum exactly to `premiumUsd`.
 */
function premiumBreakdown(model: PremiumResult, premiumUsd: bigint): PremiumBreakdown {
  const intrinsicValue = usd(model.intrinsicValue);
  const timeValue = usd(model.timeValue);
  const volatilityImpact = usd(model.volatilityImpact);
  return {
    intrinsicValue,
    timeValue,
    volatilityImpact,
    riskLoading: premiumUsd - intrinsicValue - timeValue - volatilityImpact,
  };
}

/**
 * A buyer's quote from the active risk parameters and the latest fresh market data: the premium
 * model's result in exact USD and micro-STX, its breakdown, Greeks and payoff scenarios, and
 * snapshots of everything it was computed from (so a saved quote can be audited and re-derived).
 */
export async function computeBuyerQuote(
  db: Executor,
  params: QuoteParams,
  deps: QuotingDeps,
): Promise<BuyerQuote> {
  return priceBuyerQuote(params, await loadQuoteInputs(db, params.policyType, deps), deps);
}

/**
 * The pricing of `computeBuyerQuote` from given inputs: the admin's preview prices reference
 * policies with a draft risk-parameter version through it, so the preview is exactly what a quote
 * would charge.
 */
export function priceBuyerQuote(
  params: QuoteParams,
  inputs: { market: MarketSnapshot; riskParameters: RiskParameterVersion },
  deps: Pick<QuotingDeps, 'riskFreeRate' | 'now'>,
): BuyerQuote {
  const now = deps.now();
  const { market, riskParameters } = inputs;
  const spotUsd = params.spotOverrideUsd === undefined ? market.BTC.priceUsd : usd(params.spotOverrideUsd);
  const amountSats = btcToSats(params.amount);
  const spot = toNumber(spotUsd, USD_SCALE);
  const amount = toNumber(amountSats, SATS_PER_BTC);
  const model: PremiumResult = calculatePremium({
    spot,
    protectedValuePercentage: params.protectedValuePercentage,
    protectedAmount: amount,
    expirationDays: params.days,
    policyType: params.policyType,
    volatility: market.BTC.volatility,
    riskFreeRate: deps.riskFreeRate,
    riskParams: riskParameters.params,
  });

  const strikeUsd = divide(spotUsd * BigInt(params.protectedValuePercentage), 100n, 'half-even');
  const premiumUsd = usdFromNumber(model.premium, 'ceil');
  const { delta, gamma, vega, theta, rho } = model.greeks;
  return {
    params,
    policyType: params.policyType,
    amountSats,
    spotUsd,
    strikeUsd,
    protectedValueUsd: divide(strikeUsd * amountSats, SATS_PER_BTC, 'half-even'),
    premiumUsd,
    premiumMicroStx: usdToMicroStx(premiumUsd, market.STX.priceUsd, 'ceil'),
    premiumPercentage: model.premiumPercentage,
    annualizedPremiumPercentage: model.annualizedPremium,
    breakEvenUsd: usd(model.breakEvenPrice),
    breakdown: premiumBreakdown(model, premiumUsd),
    greeks: { delta, gamma, vega, theta, rho },
    volatility: {
      market: market.BTC.volatility,
      charged: model.chargedVolatility,
      source: market.BTC.volatilitySource,
    },
    riskFreeRate: deps.riskFreeRate,
    scenarios: generatePriceScenarios({
      spot,
      strike: model.strike,
      premium: model.premium,
      amount,
      policyType: params.policyType,
    }),
    market,
    riskParameters,
    computedAt: now,
  };
}
