import type { TierName, Token } from '@bithedge/db';
import { TIER_ORDER } from './tier-label';

export const HISTORY_RANGE_OPTIONS = ['24h', '7d', '30d', 'all'] as const;
export type HistoryRangeOption = (typeof HISTORY_RANGE_OPTIONS)[number];

/** What /pool's history shows: a token, one tier or the whole pool ('all'), a range. */
export interface HistoryView {
  token: Token;
  tier: TierName | 'all';
  range: HistoryRangeOption;
}

export const DEFAULT_HISTORY_VIEW: HistoryView = { token: 'STX', tier: 'all', range: '7d' };

/** The view in the URL (`?token=SBTC&tier=balanced&range=30d`); anything unknown falls back. */
export function historyViewFromSearchParams(params: { get(name: string): string | null }): HistoryView {
  const token = params.get('token');
  const tier = params.get('tier');
  const range = params.get('range');
  return {
    token: token === 'SBTC' || token === 'STX' ? token : DEFAULT_HISTORY_VIEW.token,
    tier: TIER_ORDER.includes(tier as TierName) ? (tier as TierName) : 'all',
    range: HISTORY_RANGE_OPTIONS.includes(range as HistoryRangeOption)
      ? (range as HistoryRangeOption)
      : DEFAULT_HISTORY_VIEW.range,
  };
}

/** Only what differs from the default goes in the URL. */
export function historyViewToSearchParams(view: HistoryView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.token !== DEFAULT_HISTORY_VIEW.token) params.set('token', view.token);
  if (view.tier !== 'all') params.set('tier', view.tier);
  if (view.range !== DEFAULT_HISTORY_VIEW.range) params.set('range', view.range);
  return params;
}

/** The pool.history input of a view (no tier: the whole pool). */
export function historyInput(view: HistoryView) {
  return { token: view.token, range: view.range, ...(view.tier === 'all' ? {} : { tier: view.tier }) };
}
