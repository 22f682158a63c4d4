import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blocksToDays,
  btcToSats,
  daysToBlocks,
  divide,
  microStxToUsd,
  minAmount,
  parseDecimal,
  satsToBtc,
  satsToUsd,
  splitProRata,
  usdFromNumber,
  usdToMicroStx,
  usdToSats,
} from './money.ts';

const usd = (n: string) => parseDecimal(n, 8);

describe('divide', () => {
  it('rounds in the stated direction, for both signs', () => {
    expect([divide(7n, 2n, 'floor'), divide(7n, 2n, 'ceil'), divide(7n, 2n, 'half-even')]).toEqual([
      3n,
      4n,
      4n,
    ]);
    expect([divide(5n, 2n, 'half-even'), divide(-5n, 2n, 'half-even'), divide(-7n, 2n, 'floor')]).toEqual([
      2n,
      -2n,
      -4n,
    ]);
    expect(divide(6n, 3n, 'ceil')).toBe(2n);
    expect(() => divide(1n, 0n, 'floor')).toThrow(RangeError);
  });
});

describe('minAmount', () => {
  it('is the smaller amount, beyond the range a number holds exactly', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), (a, b) => {
        const m = minAmount(a, b);
        expect(m <= a && m <= b && (m === a || m === b)).toBe(true);
      }),
    );
    expect(minAmount(2n ** 70n + 1n, 2n ** 70n)).toBe(2n ** 70n);
  });
});

describe('conversions', () => {
  it('converts USD ↔ micro-STX and sats exactly', () => {
    // $1,234.56 at $1.50/STX = 823.04 STX
    expect(usdToMicroStx(usd('1234.56'), usd('1.5'), 'floor')).toBe(823_040_000n);
    expect(microStxToUsd(823_040_000n, usd('1.5'), 'floor')).toBe(usd('1234.56'));
    // $100 at $60,000/BTC = 166,666.67 sats: the buyer pays the ceiling, the vault books the floor
    expect(usdToSats(usd('100'), usd('60000'), 'ceil')).toBe(166_667n);
    expect(usdToSats(usd('100'), usd('60000'), 'floor')).toBe(166_666n);
    expect(satsToUsd(100_000_000n, usd('97123.45678901'), 'floor')).toBe(usd('97123.45678901'));
    expect(() => usdToSats(1n, 0n, 'floor')).toThrow(/btcPriceUsd must be > 0/);
  });

  it('parses BTC amounts exactly and refuses hidden precision', () => {
    expect(btcToSats('0.5')).toBe(50_000_000n);
    expect(btcToSats('21000000')).toBe(2_100_000_000_000_000n);
    expect(btcToSats('0.00000001')).toBe(1n);
    expect(satsToBtc(123_456_789n)).toBe('1.23456789');
    expect(satsToBtc(50_000_000n)).toBe('0.5');
    expect(() => btcToSats('0.000000001')).toThrow(/more than 8 decimal places/);
    expect(() => btcToSats('1e-8')).toThrow(/not a decimal number/);
  });

  it('fixes a model float to 8 decimals with the stated rounding', () => {
    expect(usdFromNumber(1234.123456789, 'floor')).toBe(123_412_345_678n);
    expect(usdFromNumber(1234.123456789, 'ceil')).toBe(123_412_345_679n);
    expect(usdFromNumber(0.1 + 0.2, 'half-even')).toBe(30_000_000n);
    expect(() => usdFromNumber(Number.NaN, 'floor')).toThrow(RangeError);
  });

  it('converts days and blocks', () => {
    expect(daysToBlocks(30)).toBe(4_320n);
    expect(blocksToDays(4_321n)).toBe(30n);
    expect(blocksToDays(4_321n, 'ceil')).toBe(31n);
    expect(() => daysToBlocks(1.5)).toThrow(RangeError);
  });
});

describe('splitProRata', () => {
  it('splits by largest remainder with a deterministic tie-break', () => {
    expect(splitProRata(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(splitProRata(10n, [5n, 3n, 2n])).toEqual([5n, 3n, 2n]);
    expect(splitProRata(7n, [0n, 1n])).toEqual([0n, 7n]);
    expect(splitProRata(0n, [0n, 0n])).toEqual([0n, 0n]);
    expect(() => splitProRata(5n, [0n, 0n])).toThrow(RangeError);
  });

  it('parts always sum to the total, never go negative, and stay within one unit of the exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 20n }), { minLength: 1, maxLength: 50 }),
        (total, weights) => {
          const sum = weights.reduce((a, w) => a + w, 0n);
          fc.pre(sum > 0n);
          const parts = splitProRata(total, weights);
          expect(parts.reduce((a, p) => a + p, 0n)).toBe(total);
          parts.forEach((p, i) => {
            const exactFloor = (total * weights[i]!) / sum;
            expect(p === exactFloor || p === exactFloor + 1n).toBe(true);
          });
        },
      ),
    );
  });
});
