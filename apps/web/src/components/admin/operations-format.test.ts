import { describe, expect, it } from 'vitest';
import { describeLag, formatAge, formatDurationMs, summarizeResult } from './operations-format';

describe('operations formatting', () => {
  it('formats durations and ages at each scale', () => {
    expect([null, 850, 4_240, 185_000].map(formatDurationMs)).toEqual(['—', '850 ms', '4.2 s', '3 min 5 s']);
    expect([null, 45, 720, 11_100, 187_200].map(formatAge)).toEqual([
      '—',
      '45 s',
      '12 min',
      '3 h 5 min',
      '2 d 4 h',
    ]);
  });

  it("summarizes a run's result: its plain figures, or why it skipped", () => {
    expect(summarizeResult({ stored: 2, BTC: '9100000000000', nested: { a: 1 } })).toBe(
      'stored 2, BTC 9100000000000',
    );
    expect(summarizeResult({ stored: 2, BTC: '7643174333729', STX: '61000000' }, 'market-data')).toBe(
      'stored 2, BTC $76,431.74, STX $0.61',
    );
    // Only the step's own base-unit figures are converted.
    expect(summarizeResult({ BTC: '7643174333729' }, 'monitor-health')).toBe('BTC 7643174333729');
    expect(summarizeResult({ skipped: 'no vault operator is configured' })).toBe(
      'no vault operator is configured',
    );
    expect(summarizeResult(null)).toBe('');
  });

  it('words the ingestion lag', () => {
    expect(describeLag(null)).toEqual({ text: 'Unknown', tone: 'neutral' });
    expect(describeLag(0)).toEqual({ text: 'Caught up', tone: 'success' });
    expect(describeLag(1)).toEqual({ text: '1 block behind', tone: 'warning' });
    expect(describeLag(40).tone).toBe('danger');
  });
});
