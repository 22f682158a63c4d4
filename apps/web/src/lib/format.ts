export type TokenSymbol = 'STX' | 'SBTC';

export const TOKEN_META: Record<TokenSymbol, { label: string; decimals: number; unit: string }> = {
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

export function formatToken(amount: bigint, token: TokenSymbol, maxFractionDigits?: number): string {
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
