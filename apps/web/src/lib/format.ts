import type { Token } from '@bithedge/db';

export const TOKEN_META: Record<Token, { label: string; decimals: number; unit: string }> = {
  STX: { label: 'STX', decimals: 6, unit: 'micro-STX' },
  SBTC: { label: 'sBTC', decimals: 8, unit: 'sats' },
};

/**
 * Formats an integer amount of base units as a decimal string with thousands separators,
 * using integer arithmetic only (a float would misprint amounts above 2^53).
 */
export function formatUnits(amount: bigint, decimals: number, maxFractionDigits = decimals): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const base = 10n ** BigInt(decimals);
  const drop = 10n ** BigInt(decimals - maxFractionDigits);
  // Round half up at the last shown digit.
  const scaled = (abs + drop / 2n) / drop;
  const shownBase = base / drop;
  const whole = scaled / shownBase;
  const fraction = (scaled % shownBase).toString().padStart(maxFractionDigits, '0').replace(/0+$/, '');
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

export function formatToken(amount: bigint, token: Token, maxFractionDigits?: number): string {
  const meta = TOKEN_META[token];
  return `${formatUnits(amount, meta.decimals, maxFractionDigits ?? (token === 'STX' ? 2 : 4))} ${meta.label}`;
}

/** Basis points as a percentage with two decimals, e.g. 4562 → "45.62%". */
export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

/** `ST1SJ3…8YPD5`: enough to recognise an address, short enough for a button. */
export function shortAddress(address: string): string {
  return address.length <= 12 ? address : `${address.slice(0, 6)}…${address.slice(-5)}`;
}

/** USD held as integer units with 8 decimals, shown as dollars and cents. */
export function formatUsd(units: bigint, fractionDigits = 2): string {
  const negative = units < 0n;
  const [whole, fraction = ''] = formatUnits(negative ? -units : units, 8, fractionDigits).split('.');
  // Cents always show two digits ($123.30, not $123.3); finer precision shows what it has.
  const shown = fractionDigits === 0 ? '' : `.${fraction.padEnd(Math.min(2, fractionDigits), '0')}`;
  return `${negative ? '−' : ''}$${whole}${shown}`;
}

/** U+2212 before the dollar sign (−$1.84, as formatUsd writes it), unless it rounded to zero. */
function withMinus(negative: boolean, shown: string): string {
  return negative && /[1-9]/.test(shown) ? `−${shown}` : shown;
}

/** A model figure (float USD) for display only, e.g. Greeks and chart tooltips: −$1.84, not -$1.84. */
export function formatUsdNumber(value: number, maximumFractionDigits = 0): string {
  const shown = Math.abs(value).toLocaleString('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits,
  });
  return withMinus(value < 0, shown);
}

/** A model figure in short form for chart axes: $58.6K, −$1.2K. */
export function formatUsdCompact(value: number): string {
  const shown = Math.abs(value).toLocaleString('en-US', {
    style: 'currency',
    currency: 'USD',
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  return withMinus(value < 0, shown);
}

/** "23 h 59 min", "12 min", or "expired": how long until `target`. */
export function formatCountdown(target: Date, now: Date): string {
  const ms = target.getTime() - now.getTime();
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  if (hours >= 24) return `${Math.floor(hours / 24)} d ${hours % 24} h`;
  if (hours > 0) return `${hours} h ${minutes % 60} min`;
  return minutes > 0 ? `${minutes} min` : 'under a minute';
}
