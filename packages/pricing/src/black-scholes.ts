import { expMinusHalfSquare, lowerTailGivenGaussian, ONE_OVER_SQRT_2PI } from './normal.ts';
import { normalisedOtmCallFromTails } from './normalised-black.ts';
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

interface Moneyness {
  forward: number;
  strike: number;
  /** ln(F/K). */
  x: number;
  /** F − K. */
  forwardMinusStrike: number;
  /** e^{−rT}: with no dividend yield it is 1/(1 + expm1(rT)), saving an exp. */
  discount: number;
}

/**
 * F = S·e^{(r−q)T} and the two quantities derived from it, each computed without forming a
 * rounded F first: ln(F/K) = log1p((S−K)/K) + (r−q)T near the money, and
 * F − K = (S − K) + S·expm1((r−q)T). Deep out of the money the price's relative sensitivity to
 * x is |d₂|/s (10³–10⁴ there), so every ulp of x matters.
 */
// Scratch results reused across calls: these functions run to completion without re-entry, and
// not allocating three short-lived objects per evaluation is a quarter of the cost of a call.
const M: Moneyness = { forward: 0, strike: 0, x: 0, forwardMinusStrike: 0, discount: 1 };

function moneyness(n: NormalizedInput): Moneyness {
  const carry = (n.rate - n.dividendYield) * n.timeYears;
  const ratio = n.spot / n.strike;
  const logRatio = ratio > 0.5 && ratio < 2 ? Math.log1p((n.spot - n.strike) / n.strike) : Math.log(ratio);
  const growthRate = Math.expm1(carry);
  const growth = n.spot * growthRate;
  M.discount = n.dividendYield === 0 ? 1 / (1 + growthRate) : Math.exp(-n.rate * n.timeYears);
  M.forward = n.spot + growth;
  M.strike = n.strike;
  M.x = logRatio + carry;
  M.forwardMinusStrike = n.spot - n.strike + growth;
  return M;
}

interface Evaluation {
  price: number;
  /** φ(d₁). */
  pdfD1: number;
  cdfD1: number;
  cdfD2: number;
  cdfMinusD1: number;
  cdfMinusD2: number;
}

const E: Evaluation = { price: 0, pdfD1: 0, cdfD1: 0, cdfD2: 0, cdfMinusD1: 0, cdfMinusD2: 0 };

/** Price with σ√T = s > 0, and the four probabilities the Greeks reuse. */
function evaluate(n: NormalizedInput, m: Moneyness, s: number, discount: number): Evaluation {
  const d1 = m.x / s + s / 2;
  const d2 = d1 - s;
  // One pair of tail probabilities serves the price and every Greek: Φ(−|d|) to full relative
  // accuracy, Φ(|d|) as its complement (absolute accuracy is what a value near 1 needs). They
  // share one Gaussian factor: e^{−d₂²/2} = e^{−d₁²/2}·F/K exactly (d₂² = d₁² − 2x), which saves
  // an exp, unless e^{−d₁²/2} is so small that the product could lose digits to underflow.
  const g1 = expMinusHalfSquare(d1);
  const g2 = g1 > 1e-280 ? g1 * (m.forward / m.strike) : expMinusHalfSquare(d2);
  const tail1 = lowerTailGivenGaussian(d1, g1);
  const tail2 = lowerTailGivenGaussian(d2, g2);
  const cdfD1 = d1 <= 0 ? tail1 : 1 - tail1;
  const cdfD2 = d2 <= 0 ? tail2 : 1 - tail2;
  const cdfMinusD1 = d1 <= 0 ? 1 - tail1 : tail1;
  const cdfMinusD2 = d2 <= 0 ? 1 - tail2 : tail2;
  // The out-of-the-money side: for x ≤ 0 the call's Φ(d₁), Φ(d₂); for x > 0 the put's, which by
  // symmetry are Φ(−d₂), Φ(−d₁). Undiscounted it is min(F,K)·c₁ − max(F,K)·c₂ — taken directly
  // while at most 4 bits cancel, else from the normalised form that keeps every digit.
  const below = m.x <= 0;
  const c1 = below ? cdfD1 : cdfMinusD2;
  const c2 = below ? cdfD2 : cdfMinusD1;
  const low = Math.min(m.forward, m.strike);
  const high = Math.max(m.forward, m.strike);
  const a = low * c1;
  const direct = a - high * c2;
  let otm: number;
  if (direct >= a / 16) otm = direct;
  else {
    const xOtm = -Math.abs(m.x);
    const d2Otm = below ? d2 : xOtm / s - s / 2;
    otm =
      Math.sqrt(m.forward * m.strike) *
      normalisedOtmCallFromTails(xOtm, s, d2Otm, c1, c2, Math.sqrt(low / high));
  }
  const callIsOtm = m.forwardMinusStrike <= 0;
  const price = discount * (n.isCall === callIsOtm ? otm : otm + Math.abs(m.forwardMinusStrike));
  E.price = price;
  E.pdfD1 = ONE_OVER_SQRT_2PI * g1;
  E.cdfD1 = cdfD1;
  E.cdfD2 = cdfD2;
  E.cdfMinusD1 = cdfMinusD1;
  E.cdfMinusD2 = cdfMinusD2;
  return E;
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
  return priceOf(validateInto(SCRATCH_INPUT, input));
}

/** The price of validated inputs (shared with the batch functions). */
export function priceOf(n: NormalizedInput): number {
  const m = moneyness(n);
  const discount = m.discount;
  if (degenerate(n)) return discount * Math.max(n.isCall ? m.forwardMinusStrike : -m.forwardMinusStrike, 0);
  return evaluate(n, m, n.volatility * Math.sqrt(n.timeYears), discount).price;
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
  const g = greeksInto(validateInto(SCRATCH_INPUT, input), {
    price: 0,
    delta: 0,
    gamma: 0,
    vega: 0,
    theta: 0,
    rho: 0,
    dividendRho: 0,
  });
  return g;
}

/** Writes the price and Greeks of validated inputs into `out` (shared with the batch functions). */
export function greeksInto(n: NormalizedInput, out: Greeks): Greeks {
  const { spot: S, strike: K, timeYears: T, volatility: v, rate: r, dividendYield: q } = n;
  const carry = q === 0 ? 1 : Math.exp(-q * T);
  const m = moneyness(n);
  const discount = m.discount;
  if (degenerate(n)) return degenerateGreeksInto(n, m.forwardMinusStrike, discount, carry, out);

  const sqrtT = Math.sqrt(T);
  const s = v * sqrtT;
  const { price, pdfD1: pdf, cdfD1, cdfD2, cdfMinusD1, cdfMinusD2 } = evaluate(n, m, s, discount);
  out.price = price;
  out.gamma = (carry * pdf) / (S * s);
  out.vega = S * carry * pdf * sqrtT;
  const decay = (-S * carry * pdf * v) / (2 * sqrtT);
  if (n.isCall) {
    out.delta = carry * cdfD1;
    out.theta = decay + q * S * carry * cdfD1 - r * K * discount * cdfD2;
    out.rho = K * T * discount * cdfD2;
    out.dividendRho = -T * S * carry * cdfD1;
  } else {
    out.delta = -carry * cdfMinusD1;
    out.theta = decay - q * S * carry * cdfMinusD1 + r * K * discount * cdfMinusD2;
    out.rho = -K * T * discount * cdfMinusD2;
    out.dividendRho = T * S * carry * cdfMinusD1;
  }
  return out;
}

function degenerateGreeksInto(
  n: NormalizedInput,
  forwardMinusStrike: number,
  discount: number,
  carry: number,
  out: Greeks,
): Greeks {
  const { spot: S, strike: K, timeYears: T, rate: r, dividendYield: q } = n;
  const sign = n.isCall ? 1 : -1;
  const intrinsic = sign * forwardMinusStrike;
  // 1 in the money, ½ exactly at the money, 0 out of it: the limit of Φ(±d) as σ√T → 0.
  const weight = intrinsic > 0 ? 1 : intrinsic === 0 ? 0.5 : 0;
  out.price = discount * Math.max(intrinsic, 0);
  out.delta = sign * carry * weight;
  out.gamma = 0;
  out.vega = 0;
  out.theta = sign * weight * (q * S * carry - r * K * discount);
  out.rho = sign * weight * K * T * discount;
  out.dividendRho = -sign * weight * T * S * carry;
  return out;
}
