import type { BadgeTone } from '@/components/ui/badge';
import { formatUsd } from '@/lib/format';

/** "850 ms", "4.2 s", "3 min 5 s": how long a run or a delivery took. */
export function formatDurationMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1_000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": how old something is. */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.max(0, seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export type RunOutcome = 'running' | 'failed' | 'skipped' | 'succeeded';

export const OUTCOME: Record<RunOutcome, { label: string; tone: BadgeTone }> = {
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  skipped: { label: 'Skipped', tone: 'warning' },
  running: { label: 'Running', tone: 'info' },
};

export type DeliveryStatus = 'applied' | 'duplicate' | 'conflict' | 'rejected' | 'failed';

/** A delivery's fate in the words the webhook's contract uses (409 retried, 400 never applies). */
export const DELIVERY: Record<DeliveryStatus, { label: string; tone: BadgeTone }> = {
  applied: { label: 'Applied', tone: 'success' },
  duplicate: { label: 'Duplicate', tone: 'neutral' },
  conflict: { label: '409 retry', tone: 'warning' },
  rejected: { label: 'Rejected', tone: 'danger' },
  failed: { label: 'Failed', tone: 'danger' },
};

/** A price in USD base units (8 decimals) as a run's summary stores it: a decimal string. */
const usd = (v: unknown) => (typeof v === 'string' && /^-?\d+$/.test(v) ? formatUsd(BigInt(v)) : String(v));

/**
 * Figures a step's summary stores in base units, shown in the units people read: `market-data`
 * records prices as USD with 8 decimals ("BTC 7643174333729" is $76,431.74).
 */
const RESULT_UNITS: Record<string, Record<string, (v: unknown) => string>> = {
  'market-data': { BTC: usd, STX: usd },
};

/**
 * What a successful run's summary says, in one line: its figures as `key value` pairs (nested
 * objects and long arrays left out; the step's base units in dollars), or the reason it skipped.
 */
export function summarizeResult(result: Record<string, unknown> | null, step?: string): string {
  if (!result) return '';
  if (typeof result.skipped === 'string') return result.skipped;
  const units = (step && RESULT_UNITS[step]) || {};
  return Object.entries(result)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k} ${units[k] ? units[k](v) : String(v)}`)
    .join(', ');
}

/** Ingestion lag in words, with a tone: caught up, behind by a few blocks, or far behind. */
export function describeLag(lag: number | null): { text: string; tone: BadgeTone } {
  if (lag === null) return { text: 'Unknown', tone: 'neutral' };
  if (lag <= 0) return { text: 'Caught up', tone: 'success' };
  const text = `${lag} block${lag === 1 ? '' : 's'} behind`;
  return { text, tone: lag > 6 ? 'danger' : 'warning' };
}
