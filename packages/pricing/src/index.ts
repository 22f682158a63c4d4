export { blackScholesGreeks, blackScholesPrice } from './black-scholes.js';
export { type ImpliedVolatilityInput, impliedVolatility } from './implied-volatility.js';
export { normalCdf, normalPdf } from './normal.js';
export type { Greeks, OptionInput, OptionType } from './types.js';
