import { expMinusHalfSquare, lowerTailGivenGaussian, ONE_OVER_SQRT_2PI } from './normal.ts';
import { gaussianMass, isNearTheMoney, normalisedOtmCallFromTails } from './normalised-black.ts';
import type { Greeks, OptionInput } from './types.ts';
import { type NormalizedInput, validateInto } from './validate.ts';

// The validated inputs of the single-option functions: they run to completion without re-entry
// and keep no reference to it, so one object serves every call instead of an allocation each.
const SCRATCH_INPUT: NormalizedInput = {
  isCall: false,
  spot: 0,
  strike: 0,
  timeYears: 0,
  volatility: 0,
  rate: 0,
  dividendYield: 0,
};

interface Evaluation {
  /** σ√T; 0 when T = 0 or σ = 0, where the density and the probabilities are not set. */
  s: number;
  price: number;
  /** e^{−rT}. */
  discount: number;
  /** F − K. */
  forwardMinusStrike: number;
  /** φ(d₁). */
  pdfD1: number;
  cdfD1: number;
  cdfD2: number;
  cdfMinusD1: number;
  cdfMinusD2: number;
}

// The results of the last evaluation, reused across calls: the single-option functions run to
// completion without re-entry, and a fresh object per call was a quarter of the cost of a price.
const E: Evaluation = {
  s: 0,
  price: 0,
  discount: 1,
  forwardMinusStrike: 0,
  pdfD1: 0,
  cdfD1: 0,
  cdfD2: 0,
  cdfMinusD1: 0,
  cdfMinusD2: 0,
};

/**
 * Prices validated inputs, with the four probabilities the Greeks reuse, into {@link E}.
 *
 * One function on purpose: V8 inlines at most ~920 bytes of bytecode into a compiled function,
 * and split into moneyness + evaluation this path was ~30% slower, each out-of-line call boxing
 * the numbers it passed. Cold branches (the cancellation-free form, the far tail) are separate.
 */
function evaluate(n: NormalizedInput): Evaluation {
  const { spot: S, strike: K, timeYears: T, rate: r, dividendYield: q } = n;
  // F = S·e^{(r−q)T} and what derives from it, each without forming a rounded F first:
  // ln(F/K) = log1p((S−K)/K) + (r−q)T near the money, F − K = (S − K) + S·expm1((r−q)T). Deep
  // out of the money the price's relative sensitivity to x is |d₂|/s (10³–10⁴), so every ulp of
  // x matters. With no dividend yield e^{−rT} = 1/(1 + expm1(rT)) saves an exp.
  const carry = (r - q) * T;
  const ratio = S / K;
  const logRatio = ratio > 0.5 && ratio < 2 ? Math.log1p((S - K) / K) : Math.log(ratio);
  const growthRate = Math.expm1(carry);
  const growth = S * growthRate;
  const discount = q === 0 ? 1 / (1 + growthRate) : Math.exp(-r * T);
  const forward = S + growth;
  const x = logRatio + carry;
  const forwardMinusStrike = S - K + growth;
  const s = n.volatility * Math.sqrt(T);
  E.s = s;
  E.discount = discount;
  E.forwardMinusStrike = forwardMinusStrike;
  if (s === 0) {
    E.price = discount * Math.max(n.isCall ? forwardMinusStrike : -forwardMinusStrike, 0);
    return E;
  }

  const d1 = x / s + s / 2;
  const d2 = d1 - s;
  // One pair of tail probabilities serves the price and every Greek: Φ(−|d|) to full relative
  // accuracy, Φ(|d|) as its complement (absolute accuracy is what a value near 1 needs). They
  // share one Gaussian factor: e^{−d₂²/2} = e^{−d₁²/2}·F/K exactly (d₂² = d₁² − 2x), which saves
  // an exp, unless e^{−d₁²/2} is so small that the product could lose digits to underflow.
  const g1 = expMinusHalfSquare(d1);
  const g2 = g1 > 1e-280 ? g1 * (forward / K) : expMinusHalfSquare(d2);
  const tail1 = lowerTailGivenGaussian(d1, g1);
  const tail2 = lowerTailGivenGaussian(d2, g2);
  const cdfD1 = d1 <= 0 ? tail1 : 1 - tail1;
  const cdfD2 = d2 <= 0 ? tail2 : 1 - tail2;
  const cdfMinusD1 = d1 <= 0 ? 1 - tail1 : tail1;
  const cdfMinusD2 = d2 <= 0 ? 1 - tail2 : tail2;
  E.pdfD1 = ONE_OVER_SQRT_2PI * g1;
  E.cdfD1 = cdfD1;
  E.cdfD2 = cdfD2;
  E.cdfMinusD1 = cdfMinusD1;
  E.cdfMinusD2 = cdfMinusD2;
  // The out-of-the-money side: for x ≤ 0 the call's Φ(d₁), Φ(d₂); for x > 0 the put's, which by
  // symmetry are Φ(−d₂), Φ(−d₁). Undiscounted it is min(F,K)·c₁ − max(F,K)·c₂ — taken directly
  // while at most 4 bits cancel, else from the normalised form that keeps every digit.
  const intrinsic = n.isCall === forwardMinusStrike <= 0 ? 0 : Math.abs(forwardMinusStrike);
  const below = x <= 0;
  const c1 = below ? cdfD1 : cdfMinusD2;
  const c2 = below ? cdfD2 : cdfMinusD1;
  const a = Math.min(forward, K) * c1;
  const direct = a - Math.max(forward, K) * c2;
  E.price = discount * (direct + intrinsic);
  // The rare fallback comes last, with every other result already stored: a value still needed
  // after a call is kept on the stack on every path, which cost the common one 10%.
  // (d₂ of the out-of-the-money call: d₂ itself for x ≤ 0, and −|x|/s − s/2 = −d₁ for x > 0.)
  if (!(direct >= a / 16))
    E.price =
      discount *
      (otmWithoutCancellation(x, s, below ? d2 : -d1, c1, c2, forward, K, forwardMinusStrike) + intrinsic);
  return E;
}

/** The undiscounted out-of-the-money price where its direct difference cancels. */
function otmWithoutCancellation(
  x: number,
  s: number,
  d2Otm: number,
  c1: number,
  c2: number,
  forward: number,
  strike: number,
  forwardMinusStrike: number,
): number {
  const m = -Math.abs(x) / s;
  // Near the money min·c₁ − max·c₂ = min·(c₁ − c₂) − |F − K|·c₂, the Φ difference from its series
  // and F − K as already computed without cancellation: no √(FK) or sinh needed.
  if (isNearTheMoney(m, s))
    return Math.min(forward, strike) * gaussianMass(m, s / 2) - Math.abs(forwardMinusStrike) * c2;
  const halfX = Math.sqrt(Math.min(forward, strike) / Math.max(forward, strike));
  return Math.sqrt(forward * strike) * normalisedOtmCallFromTails(-Math.abs(x), s, d2Otm, c1, c2, halfX);
}

/**
 * Price of a European option in the generalized Black-Scholes-Merton model:
 *   call = S·e^{−qT}·Φ(d₁) − K·e^{−rT}·Φ(d₂),  put = K·e^{−rT}·Φ(−d₂) − S·e^{−qT}·Φ(−d₁),
 *   d₁ = (ln(S/K) + (r − q + σ²/2)·T)/(σ√T),  d₂ = d₁ − σ√T.
 * With `timeYears = 0` or `volatility = 0` it is the discounted forward intrinsic value.
 * Deep out-of-the-money prices keep full relative accuracy (a 1-day 33%-OTM put at 80% volatility,
 * 2.0e-24 of spot, to within a few ulps of its conditioning).
 *
 * @throws RangeError naming the invalid field (spot ≤ 0, strike ≤ 0, negative time or volatility, NaN).
 * @example blackScholesPrice({ type: 'put', spot: 60_000, strike: 54_000, timeYears: 30 / 365, volatility: 0.6 })
 */
export function blackScholesPrice(input: OptionInput): number {
  return evaluate(validateInto(SCRATCH_INPUT, input)).price;
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
  const n = validateInto(SCRATCH_INPUT, input);
  const e = evaluate(n);
  if (e.s === 0) return degenerateGreeks(n, e);
  const { isCall, spot: S, strike: K, timeYears: T, volatility: v, rate: r, dividendYield: q } = n;
  const carry = q === 0 ? 1 : Math.exp(-q * T);
  const sqrtT = Math.sqrt(T);
  // A call's Greeks from Φ(d₁), Φ(d₂); a put's are the same expressions in Φ(−d₁), Φ(−d₂), negated.
  const sign = isCall ? 1 : -1;
  const spotProbability = isCall ? e.cdfD1 : e.cdfMinusD1;
  const spotLeg = S * carry * spotProbability;
  const strikeLeg = K * e.discount * (isCall ? e.cdfD2 : e.cdfMinusD2);
  const density = carry * e.pdfD1;
  return {
    price: e.price,
    delta: sign * carry * spotProbability,
    gamma: density / (S * e.s),
    vega: S * density * sqrtT,
    theta: (-S * density * v) / (2 * sqrtT) + sign * (q * spotLeg - r * strikeLeg),
    rho: sign * T * strikeLeg,
    dividendRho: -sign * T * spotLeg,
  };
}

/** The Greeks' limits at T = 0 or σ = 0. */
function degenerateGreeks(n: NormalizedInput, m: Evaluation): Greeks {
  const { spot: S, strike: K, timeYears: T, rate: r, dividendYield: q } = n;
  const carry = q === 0 ? 1 : Math.exp(-q * T);
  const sign = n.isCall ? 1 : -1;
  const intrinsic = sign * m.forwardMinusStrike;
  // 1 in the money, ½ exactly at the money, 0 out of it: the limit of Φ(±d) as σ√T → 0.
  const weight = intrinsic > 0 ? 1 : intrinsic === 0 ? 0.5 : 0;
  return {
    price: m.discount * Math.max(intrinsic, 0),
    delta: sign * carry * weight,
    gamma: 0,
    vega: 0,
    theta: sign * weight * (q * S * carry - r * K * m.discount),
    rho: sign * weight * K * T * m.discount,
    dividendRho: -sign * weight * T * S * carry,
  };
}
