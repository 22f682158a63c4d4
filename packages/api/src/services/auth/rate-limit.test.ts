import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rate-limit';

describe('SlidingWindowLimiter', () => {
  it('M5: admits `limit` attempts per key per window, then says how long to wait', () => {
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++)
      expect(limiter.admit('203.0.113.9', t0 + i * 1_000)).toEqual({ admitted: true });
    expect(limiter.admit('203.0.113.9', t0 + 10_000)).toEqual({ admitted: false, retryAfterMs: 50_000 });
    // Another client is not affected.
    expect(limiter.admit('198.51.100.1', t0 + 10_000)).toEqual({ admitted: true });
    // The window slides: once the first attempt is a minute old, one more is admitted.
    expect(limiter.admit('203.0.113.9', t0 + 60_001)).toEqual({ admitted: true });
    expect(limiter.admit('203.0.113.9', t0 + 60_002).admitted).toBe(false);
  });

  it('remembers a bounded number of keys, forgetting the least recently used', () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2 });
    limiter.admit('a', 0);
    limiter.admit('b', 0);
    limiter.admit('c', 0); // evicts 'a'
    expect(limiter.admit('a', 1).admitted).toBe(true);
    expect(limiter.admit('c', 1).admitted).toBe(false);
  });
});
