import { describe, expect, it } from 'vitest';
import { parseTokenAmount } from './token-amount-field';

describe('parseTokenAmount', () => {
  it('reads amounts in the token’s own decimals, exactly', () => {
    expect(parseTokenAmount('2500', 'STX')).toBe(2_500_000_000n);
    expect(parseTokenAmount('0.12345678', 'SBTC')).toBe(12_345_678n);
    expect(parseTokenAmount('90071992547.409931', 'STX')).toBe(90_071_992_547_409_931n);
  });
  it('says what is wrong instead of rounding', () => {
    expect(parseTokenAmount('1.1234567', 'STX')).toBe('Enter an amount of STX with at most 6 decimals');
    expect(parseTokenAmount('', 'SBTC')).toBe('Enter an amount of sBTC with at most 8 decimals');
    expect(parseTokenAmount('1e3', 'STX')).toMatch(/at most 6 decimals/);
  });
});
