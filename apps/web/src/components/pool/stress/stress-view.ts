import type { RouterOutputs } from '@/trpc/types';

export type StressTestResult = RouterOutputs['pool']['stressTest'];
export type StressFigures = StressTestResult['pool'];
export type StressPoint = StressTestResult['curve'][number];

/** A curve point for the chart, in float dollars: display only, never summed or compared. */
export interface StressChartPoint {
  /** BTC change from today, in percent. */
  changePct: number;
  btcPriceUsd: number;
  shortfallUsd: number;
  lpNetUsd: number;
}

/** USD with 8 decimals as a float: exact enough for a chart's pixels, never for a balance. */
const usdNumber = (units: bigint) => Number(units) / 1e8;

export function stressChartPoints(curve: readonly StressPoint[]): StressChartPoint[] {
  return curve.map((p) => ({
    changePct: p.btcChangeBps / 100,
    btcPriceUsd: usdNumber(p.btcPriceUsd),
    shortfallUsd: usdNumber(p.shortfallUsd),
    lpNetUsd: usdNumber(p.lpNetUsd),
  }));
}

/**
 * Whether any policy is live: each one carries a requirement (its backers' shares of its maximum
 * payout) and a premium, so a pool without either has nothing that could pay out.
 */
export function hasLivePolicies(pool: StressFigures): boolean {
  return pool.requirementUsd > 0n || pool.premiumsUsd > 0n;
}
