import { describe, expect, it } from 'vitest';
import {
  formatBps,
  formatCountdown,
  formatToken,
  formatUnits,
  formatUsd,
  formatUsdCompact,
  formatUsdNumber,
  shortAddress,
} from './format';

describe('formatUnits', () => {
  it('formats base units exactly with grouping', () => {
    expect(formatUnits(800_000_000_000n, 6)).toBe('800,000');
    expect(formatUnits(1_234_567_890n, 6)).toBe('1,234.56789');
    expect(formatUnits(0n, 8)).toBe('0');
    expect(formatUnits(-150_000_000n, 8)).toBe('-1.5');
  });

  it('stays exact above 2^53', () => {
    expect(formatUnits(2n ** 64n, 0)).toBe('18,446,744,073,709,551,616');
    expect(formatUnits(9_007_199_254_740_993n, 6)).toBe('9,007,199,254.740993');
  });

  it('rounds half up at the last shown digit', () => {
    expect(formatUnits(1_005_000n, 6, 2)).toBe('1.01');
    expect(formatUnits(1_004_999n, 6, 2)).toBe('1');
    expect(formatUnits(999_999_999n, 8, 2)).toBe('10');
  });
});

describe('formatToken / formatBps', () => {
  it('uses the token label and a sensible precision', () => {
    expect(formatToken(365_000_000_000n, 'STX')).toBe('365,000 STX');
    expect(formatToken(235_000_000n, 'SBTC')).toBe('2.35 sBTC');
  });
  it('prints basis points as a percentage', () => {
    expect(formatBps(4562)).toBe('45.62%');
    expect(formatBps(0)).toBe('0.00%');
  });
});

describe('shortAddress', () => {
  it('keeps the head and tail of a principal', () => {
    expect(shortAddress('ST1SJ3DTE5DN7X54YDH5D64R3BCB6A2AG2ZQ8YPD5')).toBe('ST1SJ3…8YPD5');
    expect(shortAddress('ST1')).toBe('ST1');
  });
});

describe('formatUsd', () => {
  it('formats 8-decimal units exactly with a sign', () => {
    expect(formatUsd(123_456_789_012n)).toBe('$1,234.57');
    expect(formatUsd(-50_000_000n)).toBe('−$0.50');
    expect(formatUsd(-184_000_000n)).toBe('\u2212$1.84');
    expect(formatUsd(-184_000_000n)).not.toContain('$-');
    expect(formatUsd(5_857_300_000_000n, 0)).toBe('$58,573');
    expect(formatUsd(1n, 8)).toBe('$0.00000001');
  });
});

describe('formatUsdNumber / formatUsdCompact', () => {
  it('puts a true minus (U+2212) before the dollar sign of a negative figure', () => {
    expect(formatUsdNumber(-1.84, 2)).toBe('\u2212$1.84');
    expect(formatUsdNumber(-58_573.4)).toBe('\u2212$58,573');
    expect(formatUsdCompact(-1_234)).toBe('\u2212$1.2K');
  });

  it('leaves positive figures, and negatives that round to zero, unsigned', () => {
    expect(formatUsdNumber(1.84, 2)).toBe('$1.84');
    expect(formatUsdNumber(58_573.4)).toBe('$58,573');
    expect(formatUsdNumber(-0.001, 2)).toBe('$0.00');
    expect(formatUsdCompact(58_600)).toBe('$58.6K');
    expect(formatUsdCompact(-0.01)).toBe(formatUsdCompact(0));
  });
});

describe('formatCountdown', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  it('says how long is left', () => {
    expect(formatCountdown(new Date('2026-11-25T23:59:30Z'), now)).toBe('23 h 59 min');
    expect(formatCountdown(new Date('2026-11-27T03:00:00Z'), now)).toBe('2 d 3 h');
    expect(formatCountdown(new Date('2026-11-25T00:12:00Z'), now)).toBe('12 min');
    expect(formatCountdown(new Date('2026-11-25T00:00:20Z'), now)).toBe('under a minute');
    expect(formatCountdown(now, now)).toBe('expired');
  });
});
