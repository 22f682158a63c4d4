/**
 * The stress test's scenario as the page keeps it: a whole-percent change from today's price per
 * asset, in the URL as `?btc=-30&stx=-20` so a scenario can be shared. Pure, so the server page
 * (prefetch) and the browser (sliders) read a URL the same way.
 */
export interface StressScenarioPct {
  /** BTC (and sBTC) change from today, in whole percent. */
  btc: number;
  /** STX change from today, in whole percent. */
  stx: number;
}

/** The sliders' range: wide enough for a crash or a doubling, inside what the API accepts. */
export const CHANGE_MIN_PCT = -90;
export const CHANGE_MAX_PCT = 100;

export const TODAY: StressScenarioPct = { btc: 0, stx: 0 };

/** A whole percent within the sliders' range, or 0 (today) for anything else. */
export function parseChangePct(raw: string | null | undefined): number {
  if (raw == null || !/^[+-]?\d{1,3}$/.test(raw.trim())) return 0;
  const pct = Number(raw.trim());
  return pct >= CHANGE_MIN_PCT && pct <= CHANGE_MAX_PCT ? pct || 0 : 0;
}

type SearchParamsLike = { get(name: string): string | null };

export function scenarioFromSearchParams(params: SearchParamsLike): StressScenarioPct {
  return { btc: parseChangePct(params.get('btc')), stx: parseChangePct(params.get('stx')) };
}

/** Only the assets that move: today's prices leave the URL bare. */
export function scenarioToSearchParams(scenario: StressScenarioPct): URLSearchParams {
  const params = new URLSearchParams();
  if (scenario.btc !== 0) params.set('btc', String(scenario.btc));
  if (scenario.stx !== 0) params.set('stx', String(scenario.stx));
  return params;
}

/** The `pool.stressTest` input for a scenario: one request shape, so server and browser share a cache key. */
export function stressTestInput(scenario: StressScenarioPct) {
  return { btcChangePct: scenario.btc, stxChangePct: scenario.stx };
}

/**
 * Today's price moved by `pct` percent, rounded down as the API rounds it, so the price beside a
 * slider is the one the figures are computed at.
 */
export function priceAtChange(baseUsd: bigint, pct: number): bigint {
  const scaled = baseUsd * BigInt(100 + pct);
  return scaled / 100n;
}

/** "+30%", "−30%" (U+2212, as formatUsd writes a minus), "0%". */
export function formatChangePct(pct: number): string {
  if (pct === 0) return '0%';
  return `${pct > 0 ? '+' : '−'}${Math.abs(pct)}%`;
}
