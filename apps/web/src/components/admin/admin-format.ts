/** Small display helpers shared by the admin sections. */

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** "2 Dec 2026, 10:40 UTC": admins compare times across instances and logs, in UTC. */
export function formatWhen(at: Date | string): string {
  return `${DATE_TIME.format(new Date(at))} UTC`;
}

/** A change in bps as a signed percentage: +12.50%, −3.00%, 0.00%. */
export function formatChangeBps(bps: number | null): string {
  if (bps === null) return '—';
  const shown = `${(Math.abs(bps) / 100).toFixed(2)}%`;
  return bps > 0 ? `+${shown}` : bps < 0 ? `−${shown}` : shown;
}

/** Form text → number; null when it is not one (the field then shows "Enter a number"). */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}
