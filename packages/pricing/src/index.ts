export { blackScholesGreeks, blackScholesPrice } from './black-scholes.ts';
export { type ImpliedVolatilityInput, impliedVolatility } from './implied-volatility.ts';
export {
  blocksToDays,
  btcToSats,
  daysToBlocks,
  divide,
  formatDecimal,
  MICRO_STX_PER_STX,
  microStxToUsd,
  minAmount,
  parseDecimal,
  type Rounding,
  SATS_PER_BTC,
  satsToBtc,
  satsToUsd,
  splitProRata,
  USD_SCALE,
  usdFromNumber,
  usdToMicroStx,
  usdToSats,
} from './money.ts';
export { normalCdf, normalPdf } from './normal.ts';
export {
  calculatePremium,
  DEFAULT_RISK_PARAMS,
  POLICY_COLLATERAL,
  POLICY_TYPES,
  type PolicyType,
  type PremiumInput,
  type PremiumResult,
  type RiskParams,
  TIERS,
  type Tier,
} from './premium.ts';
export { generatePriceScenarios, type Scenario, type ScenarioInput } from './scenarios.ts';
export { BLOCKS_PER_DAY, BURN_BLOCK_MS, DAY_MS } from './time.ts';
export type { Greeks, OptionInput, OptionType } from './types.ts';
export {
  calculateProviderYield,
  POLICY_TERM_DAYS,
  type ProviderYieldInput,
  type ProviderYieldResult,
  TIER_PROFILES,
  tierStrikePercentage,
} from './yield.ts';
