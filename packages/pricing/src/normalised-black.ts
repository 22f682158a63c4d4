import { erfcxLarge, expMinusHalfSquare } from './normal.ts';

/**
 * The normalised Black price of an out-of-the-money call,
 *   b(x, s) = e^{x/2}·Φ(x/s + s/2) − e^{−x/2}·Φ(x/s − s/2),  x = ln(F/K) ≤ 0, s = σ√T > 0,
 * so that the undiscounted OTM price is √(FK)·b. By symmetry an OTM put with x > 0 is b(−x, s).
 *
 * The difference is taken directly while at most 4 bits cancel; past that, by m = x/s: near the
 * money from the Hermite series of {@link gaussianMass}, far out of the money from
 * {@link positiveSeries}, and otherwise (in practice only s > 2) from an integral with a positive
 * integrand by exp-sinh quadrature.
 *
 * It takes Φ(d₁) and Φ(d₂), which every caller already has (the Greeks and the implied-volatility
 * solver need them too); for the OTM call d₂ ≤ 0, so Φ(d₂) is a lower tail known to full
 * relative accuracy.
 */
export function normalisedOtmCallFromTails(
  x: number,
  s: number,
  d2: number,
  cdfD1: number,
  cdfD2: number,
  /** e^{x/2}, which callers holding F and K get as √(min/max) without an exp. */
  halfX: number,
): number {
  const a = halfX * cdfD1;
  const b = cdfD2 / halfX;
  const direct = a - b;
  // Accept the direct difference while at most 4 bits cancel (relative error ≤ ~3.5e-15).
  if (direct >= a / 16) return direct;
  const m = x / s;
  // b = e^{x/2}·[Φ(d₁) − Φ(d₂)] + 2·sinh(x/2)·Φ(d₂): its two parts cancel at most ~20× here.
  if (isNearTheMoney(m, s)) return halfX * gaussianMass(m, s / 2) + 2 * Math.sinh(x / 2) * cdfD2;
  if (m < -4 && s <= 2) {
    const series = positiveSeries(m, s / 2);
    if (series > 0) return series;
  }
  return integralForm(x, s, d2);
}

/**
 * Where near-the-money b is split into Φ(d₁) − Φ(d₂) and the rest (s ≤ 0.3, m = x/s ≥ −4): the
 * two parts cancel at most ~20× there, and past s = 0.3 the direct difference cancels by more
 * than 4 bits only below m = −4.
 */
export function isNearTheMoney(m: number, s: number): boolean {
  return m >= -4 && s <= 0.3;
}

/**
 * Φ(m + h) − Φ(m − h) for |m| ≤ 4 and 0 < h ≤ 0.15, from its Taylor series
 *   2h·φ(m)·[1 + h²He₂(m)/3! + h⁴He₄(m)/5! + … + h¹²He₁₂(m)/13!],
 * He being the probabilists' Hermite polynomials (φ⁽ⁿ⁾ = (−1)ⁿHeₙ·φ); the next term is below
 * 7e-18 of the sum. Near the money what is left of a price's error is then Φ(d₂)'s sensitivity
 * to the rounding of d₂, amplified by the ≤ 20× cancellation: ≤ 2.4e-14 relative on a dense scan
 * of b against 90 digits (≤ 4e-14 for prices with a rate, calls and puts), ~35 ns where the
 * quadrature it replaced for s in 0.1–0.3 took ~2.5 µs.
 */
export function gaussianMass(m: number, h: number): number {
  const h2 = h * h;
  const m2 = m * m;
  const he2 = m2 - 1;
  const he4 = (m2 - 6) * m2 + 3;
  const he6 = ((m2 - 15) * m2 + 45) * m2 - 15;
  const he8 = (((m2 - 28) * m2 + 210) * m2 - 420) * m2 + 105;
  const he10 = ((((m2 - 45) * m2 + 630) * m2 - 3150) * m2 + 4725) * m2 - 945;
  const he12 = (((((m2 - 66) * m2 + 1485) * m2 - 13860) * m2 + 51975) * m2 - 62370) * m2 + 10395;
  const series =
    1 +
    h2 *
      (he2 / 6 +
        h2 *
          (he4 / 120 +
            h2 * (he6 / 5040 + h2 * (he8 / 362880 + h2 * (he10 / 39916800 + (h2 * he12) / 6227020800)))));
  return 2 * h * ONE_OVER_SQRT_2PI * Math.exp(-0.5 * m2) * series;
}

const ONE_OVER_SQRT_2PI = 0.39894228040143267794;
const SQRT_HALF_PI = 1.2533141373155002512;

/**
 * Far out of the money (h = x/s < −4, t = s/2 ≤ 1), from a series whose terms are all positive.
 * With Y(z) = Φ(z)/φ(z), b = Φ(h+t)·e^{ht} − Φ(h−t)·e^{−ht} = φ̃·[Y(h+t) − Y(h−t)] where
 * φ̃ = e^{−(h²+t²)/2}/√(2π); and since Y(z) = ∫₀^∞ e^{zu−u²/2} du, every derivative
 * Y⁽ⁿ⁾(h) = Mₙ = ∫₀^∞ uⁿ e^{hu−u²/2} du is positive, so
 *   Y(h+t) − Y(h−t) = 2·Σ_{k odd} t^k·M_k/k!
 * adds positive terms only: no cancellation, where the direct difference loses every digit.
 *
 * M₀ = Y(h) = √(π/2)·erfcx(|h|/√2). The ratios ρₙ = Mₙ/Mₙ₋₁ obey ρₙ = n/(ρₙ₊₁ − h) (a sum of
 * positives for h < 0), run downwards from far above (Miller's method; the upward recurrence
 * M₁ = 1 + h·M₀ would cancel). Mₙ is the recurrence's minimal solution, ahead of the other by about
 * e^{2|h|(√N − √n)}, so starting at N = (√K + 20/|h|)² leaves every ratio used exact to 1e-17.
 * Terms fall like (t/|h|)ⁿ, so K = 39/ln(|h|/t) + 2 of them reach 1e-17 (at most 31 here).
 * Returns 0 when the terms have not converged within K, and the caller uses the quadrature.
 * It replaced the quadrature for these inputs: about ten times cheaper, as accurate. (Exported for
 * its test; not part of the package's API.)
 */
export function positiveSeries(h: number, t: number): number {
  const K = Math.min(RATIOS.length - 1, Math.ceil(39.2 / Math.log(-h / t)) + 2);
  const start = Math.sqrt(K) - 20 / h;
  let rho = 0;
  for (let n = Math.ceil(start * start); n > K; n--) rho = n / (rho - h);
  for (let n = K; n >= 1; n--) {
    rho = n / (rho - h);
    RATIOS[n] = rho;
  }
  // M_k·t^k/k! built up from M₀ one ratio at a time: term_n = term_{n−1}·ρₙ·t/n.
  let term = SQRT_HALF_PI * erfcxLarge(-h * Math.SQRT1_2);
  let sum = 0;
  for (let n = 1; n <= K; n++) {
    term *= (RATIOS[n]! * t) / n;
    if (n % 2 === 1) {
      sum += term;
      if (term < 1e-17 * sum)
        return 2 * ONE_OVER_SQRT_2PI * expMinusHalfSquare(h) * Math.exp(-0.5 * t * t) * sum;
    }
  }
  return 0;
}
const RATIOS = new Float64Array(40);

// Exp-sinh rule on [0, ∞): v = e^{(π/2)·sinh(t)}, t = k·h. h = 1/16 leaves 2e-13 near the money,
// 1/32 reaches 1e-15. Nodes and weights are computed once; an evaluation then costs two
// transcendental calls per node it needs.
const STEP = 1 / 32;
const NODES: Float64Array = new Float64Array(273);
const WEIGHTS: Float64Array = new Float64Array(273);
for (let k = -144, j = 0; k <= 128; k++, j++) {
  const t = k * STEP;
  const v = Math.exp((Math.PI / 2) * Math.sinh(t));
  NODES[j] = v;
  WEIGHTS[j] = v * (Math.PI / 2) * Math.cosh(t) * STEP;
}

/**
 * OTM call: b = e^{−x/2}·φ(d₂)·∫₀^∞ (e^{s·w} − 1)·e^{d₂·w − w²/2} dw, with d₂ < 0.
 * Substituting w = v/c with c = max(|d₂| − s, 1) puts the integrand's decay length near 1, which
 * is where exp-sinh quadrature is most efficient.
 */
function integralForm(x: number, s: number, d2: number): number {
  const c = Math.max(-d2 - s, 1);
  let sum = 0;
  for (let j = 0; j < NODES.length; j++) {
    const w = NODES[j]! / c;
    const exponent = d2 * w - 0.5 * w * w;
    // Past the peak the integrand only shrinks; below e^{-745} it is exactly 0 from here on.
    if (exponent < -745 + s * w) break;
    const term = Math.expm1(s * w) * Math.exp(exponent) * WEIGHTS[j]!;
    // The left tail starts ~e^{-70} small; adding terms below 1e-18 of the sum changes nothing.
    if (term < 1e-18 * sum && w > 1) break;
    sum += term;
  }
  return (Math.exp(-x / 2) * ONE_OVER_SQRT_2PI * expMinusHalfSquare(d2) * sum) / c;
}
