import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blackScholesGreeks, blackScholesPrice } from './black-scholes.ts';
import haug from './fixtures/haug-quantlib.json' with { type: 'json' };
import hull from './fixtures/hull-py-vollib.json' with { type: 'json' };
import { blackScholesReference, relativeError } from './testing/reference';
import type { OptionInput } from './types.ts';

describe('reference tables', () => {
  it.each(haug.values)('Haug value: $source $type K=$strike S=$spot → $value', (row) => {
    const price = blackScholesPrice({ ...row, type: row.type as 'call' | 'put' });
    expect(Math.abs(price - row.value)).toBeLessThanOrEqual(row.tolerance);
  });

  it.each(haug.greeks)('Haug greek: $source $greek of $type K=$strike S=$spot → $value', (row) => {
    const g = blackScholesGreeks({ ...row, type: row.type as 'call' | 'put' });
    const byName: Record<string, number> = {
      ...g,
      thetaPerDay: g.theta / 365,
      elasticity: (g.delta * row.spot) / g.price,
    };
    expect(Math.abs(byName[row.greek]! - row.value)).toBeLessThanOrEqual(row.tolerance);
  });

  it.each(hull.rows)('Hull/py_vollib: $source $quantity → $value', (row) => {
    const g = blackScholesGreeks({ ...row.input, type: row.input.type as 'call' | 'put' });
    // py_vollib quotes vega and rho per 1% and theta per day; Hull's text quotes theta per year.
    const scale: Record<string, number> = {
      vegaPerPoint: g.vega / 100,
      rhoPerPoint: g.rho / 100,
      thetaPerDay: g.theta / 365,
    };
    const value = scale[row.quantity] ?? (g as unknown as Record<string, number>)[row.quantity]!;
    expect(Math.abs(value - row.value)).toBeLessThanOrEqual(row.tolerance);
  });
});

describe('deep out of the money', () => {
  it('prices a 1-day 33%-OTM put at 80% vol with full relative accuracy', () => {
    // The exact value is 1.99e-24 of spot (90-digit reference); the naive K·Φ(−d₂) − S·Φ(−d₁)
    // returns 0 or noise here.
    const input: OptionInput = {
      type: 'put',
      spot: 60_000,
      strike: 40_200,
      timeYears: 1 / 365,
      volatility: 0.8,
    };
    const price = blackScholesPrice(input);
    const reference = blackScholesReference(input);
    expect(reference.div(60_000).toNumber()).toBeCloseTo(1.9896e-24, 27);
    // Its condition number (1 + |x|·|d₂|/s) is 91: two ulps of that is the honest bound.
    expect(relativeError(price, reference)).toBeLessThan(2 * 2.2e-16 * 91);
  });

  it("stays within a few ulps of the problem's own conditioning across moneyness, time and volatility", () => {
    // The relative sensitivity of a price to a one-ulp change of the strike is 1 + |x|·|d₂|/s
    // (10³ and more deep out of the money), so no double-precision method can promise a flat
    // bound there; we require 8 ulps of that condition number, and 1e-14 where it is small.
    let worst = 0;
    for (const type of ['call', 'put'] as const) {
      for (const k of [0.3, 0.5, 0.67, 0.8, 0.95, 1, 1.05, 1.25, 1.5, 2, 3]) {
        for (const t of [1 / 365, 7 / 365, 30 / 365, 0.5, 2]) {
          for (const vol of [0.05, 0.2, 0.6, 1.5]) {
            const input: OptionInput = {
              type,
              spot: 100,
              strike: 100 * k,
              timeYears: t,
              volatility: vol,
              rate: 0.03,
              dividendYield: 0.01,
            };
            const reference = blackScholesReference(input);
            if (reference.lt(1e-250)) continue;
            const s = vol * Math.sqrt(t);
            const x = Math.log(1 / k) + 0.02 * t;
            const condition = 1 + (Math.abs(x) * Math.abs(x / s - s / 2)) / s;
            const tolerance = Math.max(1e-14, 8 * 2.2e-16 * condition);
            worst = Math.max(worst, relativeError(blackScholesPrice(input), reference) / tolerance);
          }
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe('short-dated near the money (the Hermite-series path)', () => {
  it('keeps relative error ≤ 2e-14 for σ√T in [0.001, 0.3] and x/(σ√T) in [−4, 0]', () => {
    let worst = 0;
    for (const s of [0.001, 0.004, 0.01, 0.03, 0.06, 0.1, 0.101, 0.12, 0.15, 0.17, 0.2, 0.25, 0.3]) {
      for (let m = 0; m >= -4; m -= 0.25) {
        const timeYears = 7 / 365;
        const volatility = s / Math.sqrt(timeYears);
        // x = ln(S/K) = m·s; the OTM call has K = S·e^{−m·s}.
        const input: OptionInput = {
          type: 'call',
          spot: 100,
          strike: 100 * Math.exp(-m * s),
          timeYears,
          volatility,
        };
        worst = Math.max(worst, relativeError(blackScholesPrice(input), blackScholesReference(input)));
      }
    }
    expect(worst).toBeLessThanOrEqual(2e-14);
  });
});

describe('Greeks against central finite differences', () => {
  const cases: OptionInput[] = [
    {
      type: 'call',
      spot: 100,
      strike: 110,
      timeYears: 0.75,
      volatility: 0.35,
      rate: 0.04,
      dividendYield: 0.01,
    },
    { type: 'put', spot: 60_000, strike: 54_000, timeYears: 30 / 365, volatility: 0.6, rate: 0.05 },
    { type: 'put', spot: 1.2, strike: 1.5, timeYears: 2, volatility: 0.9, rate: 0.01, dividendYield: 0.03 },
  ];
  it.each(cases)('$type S=$spot K=$strike', (input) => {
    const g = blackScholesGreeks(input);
    const bump = (field: keyof OptionInput, h: number) => {
      const value = (input[field] as number | undefined) ?? 0;
      const up = blackScholesPrice({ ...input, [field]: value + h });
      const down = blackScholesPrice({ ...input, [field]: value - h });
      return (up - down) / (2 * h);
    };
    const close = (analytic: number, numeric: number) =>
      expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(analytic), 1e-8));
    close(g.delta, bump('spot', input.spot * 1e-5));
    close(g.vega, bump('volatility', 1e-5));
    close(g.rho, bump('rate', 1e-5));
    close(g.dividendRho, bump('dividendYield', 1e-5));
    close(g.theta, -bump('timeYears', 1e-6));
    const h = input.spot * 1e-4;
    const gamma =
      (blackScholesPrice({ ...input, spot: input.spot + h }) -
        2 * g.price +
        blackScholesPrice({ ...input, spot: input.spot - h })) /
      (h * h);
    expect(Math.abs(g.gamma - gamma)).toBeLessThanOrEqual(1e-5 * g.gamma);
  });
});

describe('edge cases and invalid input', () => {
  it('gives the discounted intrinsic value and limiting Greeks at expiry and at zero volatility', () => {
    expect(blackScholesPrice({ type: 'call', spot: 110, strike: 100, timeYears: 0, volatility: 0.5 })).toBe(
      10,
    );
    expect(blackScholesPrice({ type: 'put', spot: 110, strike: 100, timeYears: 0, volatility: 0.5 })).toBe(0);
    const put = blackScholesGreeks({
      type: 'put',
      spot: 90,
      strike: 100,
      timeYears: 1,
      volatility: 0,
      rate: 0.05,
    });
    expect(put.price).toBeCloseTo(100 * Math.exp(-0.05) - 90, 12);
    expect(put).toMatchObject({ delta: -1, gamma: 0, vega: 0 });
    expect(put.rho).toBeCloseTo(-100 * Math.exp(-0.05), 12);
    const atm = blackScholesGreeks({ type: 'call', spot: 100, strike: 100, timeYears: 0, volatility: 0.3 });
    expect(atm).toEqual({ price: 0, delta: 0.5, gamma: 0, vega: 0, theta: 0, rho: 0, dividendRho: -0 });
    // σ√T that underflows to 0 is the same limit, not 0/0.
    const tiny = { type: 'call', spot: 110, strike: 100, timeYears: 1e-300, volatility: 1e-200 } as const;
    expect(blackScholesPrice(tiny)).toBe(10);
    expect(blackScholesGreeks(tiny)).toMatchObject({ price: 10, delta: 1, gamma: 0, vega: 0 });
  });

  it('throws a RangeError naming the field', () => {
    const base: OptionInput = { type: 'call', spot: 100, strike: 100, timeYears: 1, volatility: 0.2 };
    expect(() => blackScholesPrice({ ...base, spot: -1 })).toThrow(/^spot must be/);
    expect(() => blackScholesPrice({ ...base, strike: 0 })).toThrow(/^strike must be/);
    expect(() => blackScholesPrice({ ...base, timeYears: Number.NaN })).toThrow(/^timeYears must be/);
    expect(() => blackScholesPrice({ ...base, volatility: -0.1 })).toThrow(/^volatility must be/);
    expect(() => blackScholesPrice({ ...base, rate: Number.POSITIVE_INFINITY })).toThrow(/^rate must be/);
    expect(() => blackScholesGreeks({ ...base, dividendYield: Number.NaN })).toThrow(RangeError);
    expect(() => blackScholesPrice({ ...base, type: 'straddle' as 'call' })).toThrow(/^type must be/);
  });
});

describe('properties', () => {
  const arbitraryInput = fc.record({
    spot: fc.double({ min: 1, max: 1e5, noNaN: true }),
    moneyness: fc.double({ min: 0.5, max: 2, noNaN: true }),
    timeYears: fc.double({ min: 1 / 365, max: 5, noNaN: true }),
    volatility: fc.double({ min: 0.05, max: 2, noNaN: true }),
    rate: fc.double({ min: -0.01, max: 0.1, noNaN: true }),
    dividendYield: fc.double({ min: 0, max: 0.08, noNaN: true }),
  });
  const inputs = (a: {
    spot: number;
    moneyness: number;
    timeYears: number;
    volatility: number;
    rate: number;
    dividendYield: number;
  }) => {
    const common = {
      spot: a.spot,
      strike: a.spot * a.moneyness,
      timeYears: a.timeYears,
      volatility: a.volatility,
      rate: a.rate,
      dividendYield: a.dividendYield,
    };
    return { call: { type: 'call' as const, ...common }, put: { type: 'put' as const, ...common } };
  };

  it('satisfies put-call parity', () => {
    fc.assert(
      fc.property(arbitraryInput, (a) => {
        const { call, put } = inputs(a);
        const parity =
          call.spot * Math.exp(-a.dividendYield * a.timeYears) -
          call.strike * Math.exp(-a.rate * a.timeYears);
        const gap = blackScholesPrice(call) - blackScholesPrice(put) - parity;
        expect(Math.abs(gap)).toBeLessThanOrEqual(1e-10 * Math.max(call.spot, call.strike));
      }),
    );
  });

  it('stays within the no-arbitrage bounds', () => {
    fc.assert(
      fc.property(arbitraryInput, (a) => {
        const { call, put } = inputs(a);
        const dq = Math.exp(-a.dividendYield * a.timeYears);
        const dr = Math.exp(-a.rate * a.timeYears);
        const c = blackScholesPrice(call);
        const p = blackScholesPrice(put);
        const slack = 1e-12 * a.spot;
        expect(c).toBeGreaterThanOrEqual(Math.max(call.spot * dq - call.strike * dr, 0) - slack);
        expect(c).toBeLessThanOrEqual(call.spot * dq + slack);
        expect(p).toBeGreaterThanOrEqual(Math.max(put.strike * dr - put.spot * dq, 0) - slack);
        expect(p).toBeLessThanOrEqual(put.strike * dr + slack);
      }),
    );
  });

  it('is monotone: calls rise with spot, puts fall; both rise with volatility; calls fall with strike', () => {
    fc.assert(
      fc.property(arbitraryInput, (a) => {
        const { call, put } = inputs(a);
        const up = (x: OptionInput, field: keyof OptionInput) => ({
          ...x,
          [field]: (x[field] as number) * 1.01,
        });
        const slack = 1e-12 * a.spot;
        expect(blackScholesPrice(up(call, 'spot'))).toBeGreaterThanOrEqual(blackScholesPrice(call) - slack);
        expect(blackScholesPrice(up(put, 'spot'))).toBeLessThanOrEqual(blackScholesPrice(put) + slack);
        expect(blackScholesPrice(up(call, 'volatility'))).toBeGreaterThanOrEqual(
          blackScholesPrice(call) - slack,
        );
        expect(blackScholesPrice(up(put, 'volatility'))).toBeGreaterThanOrEqual(
          blackScholesPrice(put) - slack,
        );
        expect(blackScholesPrice(up(call, 'strike'))).toBeLessThanOrEqual(blackScholesPrice(call) + slack);
      }),
    );
  });

  it('returns the price inside blackScholesGreeks identical to blackScholesPrice', () => {
    fc.assert(
      fc.property(arbitraryInput, (a) => {
        const { call } = inputs(a);
        expect(blackScholesGreeks(call).price).toBe(blackScholesPrice(call));
      }),
    );
  });
});
