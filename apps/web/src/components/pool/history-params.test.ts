import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HISTORY_VIEW,
  historyInput,
  historyViewFromSearchParams,
  historyViewToSearchParams,
} from './history-params';

describe('history view in the URL', () => {
  it('round-trips a view and keeps the default out of the URL', () => {
    const view = { token: 'SBTC', tier: 'balanced', range: '30d' } as const;
    const params = historyViewToSearchParams(view);
    expect(params.toString()).toBe('token=SBTC&tier=balanced&range=30d');
    expect(historyViewFromSearchParams(params)).toEqual(view);
    expect(historyViewToSearchParams(DEFAULT_HISTORY_VIEW).toString()).toBe('');
  });

  it('falls back on unknown values rather than sending them', () => {
    const params = new URLSearchParams('token=DOGE&tier=yolo&range=1y');
    expect(historyViewFromSearchParams(params)).toEqual(DEFAULT_HISTORY_VIEW);
    expect(historyInput(DEFAULT_HISTORY_VIEW)).toEqual({ token: 'STX', range: '7d' });
  });
});
