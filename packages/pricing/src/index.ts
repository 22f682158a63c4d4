export { blackScholesGreeks, blackScholesPrice } from './black-scholes.js';
export { type ImpliedVolatilityInput, impliedVolatility } from './implied-volatility.js';
export {
  BLOCKS_PER_DAY,
  blocksToDays,
  btcToSats,
  daysToBlocks,
  divide,
  formatDecimal,
  MICRO_STX_PER_STX,
  microStxToUsd,
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
} from './money.js';
export { normalCdf, normalPdf } from './normal.js';
export {
  calculatePremium,
  DEFAULT_RISK_PARAMS,
  type PolicyType,
  type PremiumInput,
  type PremiumResult,
  type RiskParams,
  type Tier,
} from './premium.js';
export { generatePriceScenarios, type Scenario, type ScenarioInput } from './scenarios.js';
export type { Greeks, OptionInput, OptionType } from './types.js';
export {
  calculateProviderYield,
  POLICY_TERM_DAYS,
  type ProviderYieldInput,
  type ProviderYieldResult,
  TIER_PROFILES,
} from './yield.js';
