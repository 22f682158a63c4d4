import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { positiveSeries } from './normalised-black.ts';
import { erfcDecimal, exact } from './testing/reference.ts';

/** b = Φ(h+t)·e^{ht} − Φ(h−t)·e^{−ht} in 90-digit decimals, from the exact binary h and t. */
function bReference(h: number, t: number): Decimal {
  const H = exact(h);
  const T = exact(t);
  const phi = (z: Decimal) => erfcDecimal(z.negated().div(new Decimal(2).sqrt())).div(2);
  return phi(H.plus(T))
    .mul(H.mul(T).exp())
    .minus(phi(H.minus(T)).mul(H.mul(T).neg().exp()));
}

describe('far out of the money (the positive-series path)', () => {
  it('matches the 90-digit value to 1e-15 relative where the direct difference loses every digit', () => {
    let worst = 0;
    for (const h of [-4.0001, -4.5, -6, -9, -14, -22, -35]) {
      for (const t of [1e-3, 0.01, 0.05, 0.2, 0.5, 1]) {
        const series = positiveSeries(h, t);
        expect(series, `h=${h} t=${t}`).toBeGreaterThan(0);
        worst = Math.max(worst, new Decimal(series).div(bReference(h, t)).minus(1).abs().toNumber());
      }
    }
    expect(worst).toBeLessThan(1e-15);
  });
});
