import { describe, expect, it } from 'vitest';
import {
  formatChangePct,
  parseChangePct,
  priceAtChange,
  scenarioFromSearchParams,
  scenarioToSearchParams,
  stressTestInput,
} from './stress-params';

describe('stress scenario in the URL', () => {
  it('reads whole percents within −90…+100', () => {
    expect(scenarioFromSearchParams(new URLSearchParams('btc=-30&stx=-20'))).toEqual({ btc: -30, stx: -20 });
    expect(parseChangePct('-90')).toBe(-90);
    expect(parseChangePct('100')).toBe(100);
    expect(parseChangePct('+15')).toBe(15);
    expect(parseChangePct(' 7 ')).toBe(7);
  });

  it('falls back to today (0) for anything else', () => {
    for (const raw of [null, undefined, '', 'abc', '-91', '101', '12.5', '1e2', '-0', '0x10', '--5', '1000'])
      expect(parseChangePct(raw), String(raw)).toBe(0);
    expect(scenarioFromSearchParams(new URLSearchParams('btc=lots'))).toEqual({ btc: 0, stx: 0 });
  });

  it('round-trips, leaving an asset at today out of the URL', () => {
    const scenario = { btc: -50, stx: 30 };
    expect(scenarioFromSearchParams(scenarioToSearchParams(scenario))).toEqual(scenario);
    expect(scenarioToSearchParams(scenario).toString()).toBe('btc=-50&stx=30');
    expect(scenarioToSearchParams({ btc: 0, stx: -20 }).toString()).toBe('stx=-20');
    expect(scenarioToSearchParams({ btc: 0, stx: 0 }).toString()).toBe('');
  });

  it('asks the API for the changes in percent', () => {
    expect(stressTestInput({ btc: -30, stx: 0 })).toEqual({ btcChangePct: -30, stxChangePct: 0 });
  });
});

describe('priceAtChange', () => {
  it('moves today’s price by whole percents, rounding down as the API does', () => {
    expect(priceAtChange(9_000_000_000_000n, -30)).toBe(6_300_000_000_000n);
    expect(priceAtChange(9_000_000_000_000n, 100)).toBe(18_000_000_000_000n);
    expect(priceAtChange(9_000_000_000_000n, 0)).toBe(9_000_000_000_000n);
    // 0.12345679 USD × 0.33 = 0.0407407407 → 0.04074074 (floor).
    expect(priceAtChange(12_345_679n, -67)).toBe(4_074_074n);
  });
});

describe('formatChangePct', () => {
  it('signs a change with a true minus', () => {
    expect(formatChangePct(-30)).toBe('−30%');
    expect(formatChangePct(25)).toBe('+25%');
    expect(formatChangePct(0)).toBe('0%');
  });
});
