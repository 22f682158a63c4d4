import { describe, expect, it } from 'vitest';
import { hasLivePolicies, type StressFigures, stressChartPoints } from './stress-view';

const figures = (patch: Partial<StressFigures> = {}): StressFigures => ({
  providers: { healthy: 2, warning: 0, margin_call: 0 },
  requirementUsd: 0n,
  collateralUsd: 1_000_000_000_000n,
  payoutsUsd: 0n,
  shortfallUsd: 0n,
  premiumsUsd: 0n,
  lpNetUsd: 0n,
  ...patch,
});

describe('stressChartPoints', () => {
  it('turns the curve’s bigint USD and basis points into chart numbers', () => {
    expect(
      stressChartPoints([
        {
          btcChangeBps: -9_000,
          btcPriceUsd: 900_000_000_000n,
          payoutsUsd: 123_456_789_000n,
          shortfallUsd: 5_000_000_050n,
          lpNetUsd: -184_000_000n,
        },
        {
          btcChangeBps: 500,
          btcPriceUsd: 9_450_000_000_000n,
          payoutsUsd: 0n,
          shortfallUsd: 0n,
          lpNetUsd: 7n,
        },
      ]),
    ).toEqual([
      { changePct: -90, btcPriceUsd: 9_000, shortfallUsd: 50.0000005, lpNetUsd: -1.84 },
      { changePct: 5, btcPriceUsd: 94_500, shortfallUsd: 0, lpNetUsd: 7e-8 },
    ]);
  });
});

describe('hasLivePolicies', () => {
  it('is false for a pool with providers but nothing to pay out', () => {
    expect(hasLivePolicies(figures())).toBe(false);
  });

  it('is true once a policy adds a requirement or a premium', () => {
    expect(hasLivePolicies(figures({ requirementUsd: 1n }))).toBe(true);
    expect(hasLivePolicies(figures({ premiumsUsd: 78_000_000_000n }))).toBe(true);
  });
});
