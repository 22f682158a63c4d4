/**
 * High-precision reference values (decimal.js, 90 significant digits) for tests only: the
 * normal distribution and Black-Scholes-Merton prices computed without cancellation worries.
 */
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 90 });
const SQRT2 = D.sqrt(2);
const SQRT_PI = D.sqrt(D.acos(-1));

/**
 * The exact value of a double as a Decimal. `new Decimal(x)` would parse x's shortest decimal
 * string, which differs from the binary value by up to half an ulp — enough to shift e^{−x²/2}
 * by 1e-13 relative at x = −37.
 */
export function exact(x: number): Decimal {
  if (x === 0 || !Number.isFinite(x)) return new D(x);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = BigInt(hi & 0xfffff) * 2n ** 32n + BigInt(lo);
  const mantissa = biased === 0 ? fraction : fraction + 2n ** 52n;
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  const magnitude = new D(mantissa.toString()).times(new D(2).pow(exponent));
  return x < 0 ? magnitude.negated() : magnitude;
}

export function erfcDecimal(t: Decimal): Decimal {
  if (t.isNegative()) return new D(2).minus(erfcDecimal(t.negated()));
  if (t.lt(5)) {
    // erf(t) = 2/√π Σ (−1)ⁿ t^{2n+1} / (n! (2n+1))
    let sum = new D(0);
    let term = t; // (−1)ⁿ t^{2n+1}/n!
    const t2 = t.times(t);
    for (let n = 0; n < 400; n++) {
      const contribution = term.div(2 * n + 1);
      sum = sum.plus(contribution);
      if (contribution.abs().lt(new D(10).pow(-80))) break;
      term = term
        .times(t2)
        .negated()
        .div(n + 1);
    }
    return new D(1).minus(sum.times(2).div(SQRT_PI));
  }
  // Continued fraction erfc(t) = e^{−t²}/√π · 1/(t + (1/2)/(t + 1/(t + (3/2)/(t + …)))), evaluated backwards.
  let f = t;
  for (let k = 700; k >= 1; k--) f = t.plus(new D(k).div(2).div(f));
  return t.times(t).negated().exp().div(SQRT_PI).div(f);
}

/** Φ(x) to ~50 significant digits. */
export function normalCdfReference(x: number): Decimal {
  return erfcDecimal(exact(x).negated().div(SQRT2)).div(2);
}

export function normalPdfReference(x: number): Decimal {
  const dx = exact(x);
  return dx.times(dx).div(-2).exp().div(SQRT2.times(SQRT_PI));
}

export interface ReferenceInput {
  type: 'call' | 'put';
  spot: number;
  strike: number;
  timeYears: number;
  volatility: number;
  rate?: number;
  dividendYield?: number;
}

function phi(x: Decimal): Decimal {
  return erfcDecimal(x.negated().div(SQRT2)).div(2);
}

/** Black-Scholes-Merton price at 90 digits: cancellation in F·N(d1) − K·N(d2) is harmless here. */
export function blackScholesReference(input: ReferenceInput): Decimal {
  const S = exact(input.spot);
  const K = exact(input.strike);
  const T = exact(input.timeYears);
  const r = exact(input.rate ?? 0);
  const q = exact(input.dividendYield ?? 0);
  const sqrtT = T.sqrt();
  const s = exact(input.volatility).times(sqrtT);
  const F = S.times(r.minus(q).times(T).exp());
  const df = r.times(T).negated().exp();
  const d1 = F.div(K).ln().div(s).plus(s.div(2));
  const d2 = d1.minus(s);
  const call = F.times(phi(d1)).minus(K.times(phi(d2)));
  const put = K.times(phi(d2.negated())).minus(F.times(phi(d1.negated())));
  return (input.type === 'call' ? call : put).times(df);
}

/** |a − b| / |b| as a number. */
export function relativeError(actual: number, expected: Decimal): number {
  if (expected.isZero()) return Math.abs(actual);
  return exact(actual).minus(expected).abs().div(expected.abs()).toNumber();
}
