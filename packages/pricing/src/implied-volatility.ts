import { normalPdf } from './normal.ts';
import { normalisedOtmCall } from './normalised-black.ts';
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
 * prices) and s = σ√T is found from b(x, s) = β. b is increasing in s; ln b is concave, so
 * Newton steps on ln b − ln β approach the root monotonically from below, kept inside a
 * bracket that every evaluation tightens. That objective stays well scaled for prices as small
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
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  let s = initialGuess(x, beta);
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const b = normalisedOtmCall(x, s);
    const f = Math.log(b) - target;
    if (f === 0) return s;
    if (f < 0) lo = Math.max(lo, s);
    else hi = Math.min(hi, s);
    // d ln b / ds = b'/b with b' = e^{x/2}·φ(x/s + s/2) = φ(x/s)·e^{−s²/8}.
    const slope = (normalPdf(x / s) * Math.exp((-s * s) / 8)) / b;
    let next = s - f / slope;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) {
      next = Number.isFinite(hi) ? (lo > 0 ? Math.sqrt(lo * hi) : hi / 2) : Math.max(2 * s, 1e-3);
    }
    if (Math.abs(next - s) <= 4.5e-16 * s) return next;
    s = next;
  }
  return s;
}

/**
 * A start at or below the root. β·√(2π) is a lower bound (b(x, s) ≤ b(0, s) ≤ s/√(2π)); deep
 * out of the money the asymptote ln b ≈ −x²/(2s²) gives a much closer one. Newton on the concave
 * ln b then climbs to the root monotonically.
 */
function initialGuess(x: number, beta: number): number {
  const nearMoney = beta * Math.sqrt(2 * Math.PI);
  const tail = Math.abs(x) / Math.sqrt(-2 * Math.log(beta));
  return Math.max(nearMoney, tail, 1e-12);
}
