import { normalCdf, normalPdf } from './normal.js';
import { normalisedOtmCall } from './normalised-black.js';
import type { Greeks, OptionInput } from './types.js';
import { type NormalizedInput, validateOptionInput } from './validate.js';

/**
 * Undiscounted price from the out-of-the-money side: OTM options come from the normalised Black
 * function (full relative accuracy however deep), ITM ones add the forward intrinsic value
 * (put-call parity), so no price is ever a difference of two nearly equal numbers.
 */
function undiscountedPrice(isCall: boolean, m: Moneyness, s: number): number {
  const otm = Math.sqrt(m.forward * m.strike) * normalisedOtmCall(-Math.abs(m.x), s);
  const callIsOtm = m.forwardMinusStrike <= 0;
  if (isCall === callIsOtm) return otm;
  return otm + Math.abs(m.forwardMinusStrike);
}

interface Moneyness {
  forward: number;
  strike: number;
  /** ln(F/K). */
  x: number;
  /** F − K. */
  forwardMinusStrike: number;
}

/**
 * F = S·e^{(r−q)T} and the two quantities derived from it, each computed without forming a
 * rounded F first: ln(F/K) = log1p((S−K)/K) + (r−q)T near the money, and
 * F − K = (S − K) + S·expm1((r−q)T). Deep out of the money the price's relative sensitivity to
 * x is |d₂|/s (10³–10⁴ there), so every ulp of x matters.
 */
function moneyness(n: NormalizedInput): Moneyness {
  const carry = (n.rate - n.dividendYield) * n.timeYears;
  const ratio = n.spot / n.strike;
  const logRatio = ratio > 0.5 && ratio < 2 ? Math.log1p((n.spot - n.strike) / n.strike) : Math.log(ratio);
  return {
    forward: n.spot * Math.exp(carry),
    strike: n.strike,
    x: logRatio + carry,
    forwardMinusStrike: n.spot - n.strike + n.spot * Math.expm1(carry),
  };
}

function degenerate(n: NormalizedInput): boolean {
  return n.timeYears === 0 || n.volatility === 0;
}

/**
 * Price of a European option in the generalized Black-Scholes-Merton model:
 *   call = S·e^{−qT}·Φ(d₁) − K·e^{−rT}·Φ(d₂),  put = K·e^{−rT}·Φ(−d₂) − S·e^{−qT}·Φ(−d₁),
 *   d₁ = (ln(S/K) + (r − q + σ²/2)·T)/(σ√T),  d₂ = d₁ − σ√T.
 * With `timeYears = 0` or `volatility = 0` it is the discounted forward intrinsic value.
 * Deep out-of-the-money prices keep full relative accuracy (e.g. 3.7e-20 of spot).
 *
 * @throws RangeError naming the invalid field (spot ≤ 0, strike ≤ 0, negative time or volatility, NaN).
 * @example blackScholesPrice({ type: 'put', spot: 60_000, strike: 54_000, timeYears: 30 / 365, volatility: 0.6 })
 */
export function blackScholesPrice(input: OptionInput): number {
  const n = validateOptionInput(input);
  const discount = Math.exp(-n.rate * n.timeYears);
  const m = moneyness(n);
  if (degenerate(n)) return discount * Math.max(n.isCall ? m.forwardMinusStrike : -m.forwardMinusStrike, 0);
  return discount * undiscountedPrice(n.isCall, m, n.volatility * Math.sqrt(n.timeYears));
}

/**
 * Price and Greeks of a European option (generalized Black-Scholes-Merton, cost of carry r − q).
 * Conventions: vega per 1.00 of volatility; theta = −∂V/∂T per year (negative when a long option
 * decays); rho per 1.00 of rate; dividendRho = ∂V/∂q. At `timeYears = 0` or `volatility = 0` the
 * Greeks are the limits of the intrinsic value (gamma and vega 0; delta e^{−qT} in the money,
 * half of that exactly at the money).
 *
 * @throws RangeError naming the invalid field.
 */
export function blackScholesGreeks(input: OptionInput): Greeks {
  const n = validateOptionInput(input);
  const { spot: S, strike: K, timeYears: T, volatility: v, rate: r, dividendYield: q } = n;
  const discount = Math.exp(-r * T);
  const carry = Math.exp(-q * T);
  const m = moneyness(n);
  if (degenerate(n)) return degenerateGreeks(n, m.forwardMinusStrike, discount, carry);

  const sqrtT = Math.sqrt(T);
  const s = v * sqrtT;
  const d1 = m.x / s + s / 2;
  const d2 = d1 - s;
  const price = discount * undiscountedPrice(n.isCall, m, s);
  const pdf = normalPdf(d1);
  const gamma = (carry * pdf) / (S * s);
  const vega = S * carry * pdf * sqrtT;
  const decay = (-S * carry * pdf * v) / (2 * sqrtT);
  if (n.isCall) {
    const nd1 = normalCdf(d1);
    const nd2 = normalCdf(d2);
    return {
      price,
      delta: carry * nd1,
      gamma,
      vega,
      theta: decay + q * S * carry * nd1 - r * K * discount * nd2,
      rho: K * T * discount * nd2,
      dividendRho: -T * S * carry * nd1,
    };
  }
  const nmd1 = normalCdf(-d1);
  const nmd2 = normalCdf(-d2);
  return {
    price,
    delta: -carry * nmd1,
    gamma,
    vega,
    theta: decay - q * S * carry * nmd1 + r * K * discount * nmd2,
    rho: -K * T * discount * nmd2,
    dividendRho: T * S * carry * nmd1,
  };
}

function degenerateGreeks(
  n: NormalizedInput,
  forwardMinusStrike: number,
  discount: number,
  carry: number,
): Greeks {
  const { spot: S, strike: K, timeYears: T, rate: r, dividendYield: q } = n;
  const sign = n.isCall ? 1 : -1;
  const intrinsic = sign * forwardMinusStrike;
  // 1 in the money, ½ exactly at the money, 0 out of it: the limit of Φ(±d) as σ√T → 0.
  const weight = intrinsic > 0 ? 1 : intrinsic === 0 ? 0.5 : 0;
  return {
    price: discount * Math.max(intrinsic, 0),
    delta: sign * carry * weight,
    gamma: 0,
    vega: 0,
    theta: sign * weight * (q * S * carry - r * K * discount),
    rho: sign * weight * K * T * discount,
    dividendRho: -sign * weight * T * S * carry,
  };
}
