import { describe, expect, it } from 'vitest';
import { QuoteLogSampler } from './log-sampler';

describe('QuoteLogSampler', () => {
  it('logs a caller at most once per interval and not the same parameters twice in a row', () => {
    const sampler = new QuoteLogSampler(5_000);
    expect(sampler.shouldLog('alice', 'a', 0)).toBe(true);
    expect(sampler.shouldLog('alice', 'b', 1_000)).toBe(false);
    expect(sampler.shouldLog('bob', 'b', 1_000)).toBe(true);
    expect(sampler.shouldLog('alice', 'a', 6_000)).toBe(false);
    expect(sampler.shouldLog('alice', 'c', 6_000)).toBe(true);
  });

  it('keeps memory bounded', () => {
    const sampler = new QuoteLogSampler(5_000, 2);
    expect(sampler.shouldLog('a', 'x', 0)).toBe(true);
    expect(sampler.shouldLog('b', 'x', 0)).toBe(true);
    expect(sampler.shouldLog('c', 'x', 0)).toBe(true);
    // 'a' was evicted, so it is logged again even inside its interval.
    expect(sampler.shouldLog('a', 'y', 1)).toBe(true);
  });
});
