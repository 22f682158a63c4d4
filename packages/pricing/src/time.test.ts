import { describe, expect, it } from 'vitest';
import { BLOCKS_PER_DAY, BURN_BLOCK_MS, DAY_MS } from './time.ts';

describe('time units', () => {
  it('counts a day as 144 ten-minute burn blocks', () => {
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000);
    expect(BURN_BLOCK_MS).toBe(10 * 60 * 1000);
    expect(BLOCKS_PER_DAY).toBe(144n);
  });
});
