import { describe, expect, it } from 'vitest';
import { topUpAmount } from './top-up-amount';

describe('topUpAmount', () => {
  it('adds 2% to the minimum, rounded up to a base unit', () => {
    expect(topUpAmount(3_687_500_000n)).toBe(3_761_250_000n);
    expect(topUpAmount(1n)).toBe(2n);
    expect(topUpAmount(100n)).toBe(102n);
    expect(topUpAmount(0n)).toBe(0n);
  });
});
