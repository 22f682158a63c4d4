import { formatBps } from '@/lib/format';

/** A horizontal meter; colour warns as the share locked approaches the limit. */
export function UtilizationBar({ bps, label }: { bps: number; label: string }) {
  const pct = Math.min(100, bps / 100);
  const tone = bps >= 8_000 ? 'bg-danger-500' : bps >= 6_000 ? 'bg-warning-500' : 'bg-success-500';
  return (
    // biome-ignore lint/a11y/useSemanticElements: a native <meter> cannot take the colour scale; ARIA gives it the same semantics
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Number(pct.toFixed(2))}
      aria-valuetext={formatBps(bps)}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
    >
      <div className={`h-full rounded-full ${tone}`} style={{ width: `${pct}%` }} />
    </div>
  );
}
