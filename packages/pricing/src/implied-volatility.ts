import { expMinusHalfSquare, lowerTailGivenGaussian, ONE_OVER_SQRT_2PI } from './normal.ts';
import { normalisedOtmCallFromTails } from './normalised-black.ts';
import type { OptionInput } from './types.ts';
import { validateOptionInput } from './validate.ts';

export type ImpliedVolatilityInput = Omit<OptionInput, 'volatility'> & {
  /** The option's (discounted) market price. */
  price: number;
};

const MAX_ITERATIONS = 100;

/**
 * The volatility σ at which {@link blackScholesPrice} equals `price`.
 *
 * The price is mapped to the normalised out-of-the-money price β (put-call parity for ITM
 * prices) and s = σ√T is found from b(x, s) = β by Halley steps on ln b − ln β from a
 * Corrado–Miller start, kept inside a bracket that every evaluation tightens (a Newton step or
 * bisection when a step would leave it). That objective stays well scaled for prices as small
 * as 1e-25 of spot and converges to full double precision (|Δs| ≤ 2⁻⁵¹·s) in a few steps.
 *
 * @throws RangeError for invalid inputs, for `timeYears = 0`, and for a price outside the
 *   no-arbitrage bounds (below the discounted intrinsic value, or at/above S·e^{−qT} for a call,
 *   K·e^{−rT} for a put). A price equal to the intrinsic value gives 0.
 */
export function impliedVolatility(input: ImpliedVolatilityInput): number {
  const n = validateOptionInput(input);
  const { price } = input;
  if (!(Number.isFinite(price) && price >= 0))
    throw new RangeError(`price must be a finite number ≥ 0 (got ${price})`);
  if (n.timeYears === 0) throw new RangeError('timeYears must be > 0: volatility is undefined at expiry');

  const discount = Math.exp(-n.rate * n.timeYears);
  const forward = n.spot * Math.exp((n.rate - n.dividendYield) * n.timeYears);
  const undiscounted = price / discount;
  const intrinsic = Math.max(n.isCall ? forward - n.strike : n.strike - forward, 0);
  const upper = n.isCall ? forward : n.strike;
  if (undiscounted < intrinsic) {
    throw new RangeError(
      `price ${price} is below the discounted intrinsic value ${intrinsic * discount}: no volatility fits`,
    );
  }
  // A price within rounding of the maximum is treated as the maximum: no finite volatility fits.
  if (undiscounted >= upper * (1 - 4 * Number.EPSILON)) {
    throw new RangeError(
      `price ${price} is at or above the no-arbitrage maximum ${upper * discount}: no volatility fits`,
    );
  }
  const otm = undiscounted - intrinsic;
  if (otm === 0) return 0;
  const x = -Math.abs(Math.log(forward / n.strike));
  const beta = otm / Math.sqrt(forward * n.strike);
  // Rounding can put a price a hair above what any finite volatility gives.
  if (beta >= Math.exp(x / 2)) {
    throw new RangeError(
      `price ${price} is at or above the no-arbitrage maximum ${upper * discount}: no volatility fits`,
    );
  }
  return solveNormalised(x, beta) / Math.sqrt(n.timeYears);
}

/** s > 0 with b(x, s) = β, for x ≤ 0 and 0 < β < e^{x/2}. */
export function solveNormalised(x: number, beta: number): number {
  const target = Math.log(beta);
  // e^{x/2} and e^{x} are the same for every step; per step only e^{−d₁²/2} needs an exp:
  // e^{−d₂²/2} = e^{−d₁²/2}·e^{x}, and b's slope is φ(d₁)·e^{x/2}.
  const halfX = Math.exp(x / 2);
  const expX = halfX * halfX;
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  let s = initialGuess(x, beta);
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const d1 = x / s + s / 2;
    const d2 = d1 - s;
    const g1 = expMinusHalfSquare(d1);
    const g2 = g1 > 1e-280 ? g1 * expX : expMinusHalfSquare(d2);
    const tail1 = lowerTailGivenGaussian(d1, g1);
    // x ≤ 0 makes d₂ ≤ 0: Φ(d₂) is a lower tail; Φ(d₁) is one only while d₁ ≤ 0.
    const b = normalisedOtmCallFromTails(
      x,
      s,
      d2,
      d1 <= 0 ? tail1 : 1 - tail1,
      lowerTailGivenGaussian(d2, g2),
      halfX,
    );
    const f = Math.log(b) - target;
    if (f === 0) return s;
    if (f < 0) lo = Math.max(lo, s);
    else hi = Math.min(hi, s);
    // Halley's step on f = ln b − ln β: f' = b'/b with b' = e^{x/2}·φ(d₁), and
    // f'' = f'·(x²/s³ − s/4) − f'² since d ln b'/ds = x²/s³ − s/4. Cubic convergence takes the
    // typical solve from seven Newton steps to three or four.
    const slope = (ONE_OVER_SQRT_2PI * g1 * halfX) / b;
    const curvature = slope * ((x * x) / (s * s * s) - s / 4) - slope * slope;
    let next = s - (2 * f * slope) / (2 * slope * slope - f * curvature);
    let halley = true;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      // Outside the bracket: a plain Newton step, else bisection (geometric: s spans decades).
      halley = false;
      next = s - f / slope;
      if (!(next > lo && next < hi) || !Number.isFinite(next))
        next = Number.isFinite(hi) ? (lo > 0 ? Math.sqrt(lo * hi) : hi / 2) : Math.max(2 * s, 1e-3);
    }
    const step = Math.abs(next - s);
    // After a Halley step of relative size δ the error is O(δ³): at δ ≤ 1e-7 it is below an ulp,
    // so that step need not be confirmed by another evaluation. Any other step must converge.
    if (halley && step <= 1e-7 * s) return next;
    if (step <= 4.5e-16 * s) return next;
    s = next;
  }
  return s;
}

/**
 * Where to start. Near the money the Corrado–Miller approximation (in normalised form, its
 * discriminant clamped at 0) is within a few percent; far out of the money the asymptote
 * ln b ≈ −x²/(2s²) is closer, and β·√(2π) bounds the root from below. Halley's steps inside the
 * bracket take it from there.
 */
function initialGuess(x: number, beta: number): number {
  const gap = Math.sinh(x / 2); // (F − K)/2 in normalised units
  const c = beta - gap;
  const corradoMiller =
    (Math.sqrt(2 * Math.PI) / (2 * Math.cosh(x / 2))) *
    (c + Math.sqrt(Math.max(0, c * c - (4 * gap * gap) / Math.PI)));
  const tail = Math.abs(x) / Math.sqrt(-2 * Math.log(beta));
  const lower = Math.max(beta * Math.sqrt(2 * Math.PI), 1e-12);
  const guess = Math.abs(x) < 2 * corradoMiller ? corradoMiller : Math.max(tail, lower);
  return Number.isFinite(guess) && guess > 0 ? Math.max(guess, lower) : Math.max(tail, lower);
}
