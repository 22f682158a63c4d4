import { describe, expect, it } from 'vitest';
import type { MarketQuote } from './market-data';
import { microStxValuer } from './valuation';

const USD = 100_000_000n;
const quote = (asset: 'BTC' | 'STX', priceUsd: bigint): MarketQuote => ({
  asset,
  priceUsd,
  volatility: 0.6,
  volatilitySource: 'default',
  observedAt: new Date('2026-12-01T00:00:00Z'),
  source: 'test',
});

describe('microStxValuer', () => {
  const value = microStxValuer({ BTC: quote('BTC', 100_000n * USD), STX: quote('STX', USD / 2n) });

  it('keeps STX as it is and values it in sats for sBTC, rounded down at each step', () => {
    expect(value('STX', 150_000_000n)).toBe(150_000_000n);
    // 150 STX at $0.50 = $75 = 75,000 sats at $100,000.
    expect(value('SBTC', 150_000_000n)).toBe(75_000n);
    // 3 µSTX = $0.0000015 → 150 USD base units → 0.0015 sats: rounded down to 0.
    expect(value('SBTC', 3n)).toBe(0n);
  });

  it('is null for sBTC without both prices, except for nothing', () => {
    const noBtc = microStxValuer({ BTC: null, STX: quote('STX', USD) });
    expect(noBtc('SBTC', 1_000n)).toBeNull();
    expect(noBtc('SBTC', 0n)).toBe(0n);
    expect(noBtc('STX', 1_000n)).toBe(1_000n);
  });
});
