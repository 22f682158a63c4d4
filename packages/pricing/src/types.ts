/** A PUT protects against a fall; a CALL against a rise. */
export type OptionType = 'call' | 'put';

/**
 * Inputs of the generalized Black-Scholes-Merton model. Rates are continuously compounded
 * per year; the cost of carry is `rate − dividendYield`.
 */
export interface OptionInput {
  type: OptionType;
  /** Price of the underlying today (> 0). */
  spot: number;
  /** Strike (> 0). */
  strike: number;
  /** Time to expiry in years (≥ 0). */
  timeYears: number;
  /** Annualised volatility as a fraction, e.g. 0.6 for 60% (≥ 0). */
  volatility: number;
  /** Risk-free rate, continuously compounded (default 0). */
  rate?: number;
  /** Continuous dividend yield or foreign rate (default 0). */
  dividendYield?: number;
}

/** Price and sensitivities. */
export interface Greeks {
  price: number;
  /** ∂V/∂S. */
  delta: number;
  /** ∂²V/∂S². */
  gamma: number;
  /** ∂V/∂σ per 1.00 of volatility (divide by 100 for one vol point). */
  vega: number;
  /** −∂V/∂T per year: the value a long position gains (or, when negative, loses) as a year passes. */
  theta: number;
  /** ∂V/∂r per 1.00 of rate. */
  rho: number;
  /** ∂V/∂q per 1.00 of dividend yield. */
  dividendRho: number;
}
