import { cn } from '@/lib/cn';
import { formatBps } from '@/lib/format';

/**
 * The collateral ratio on a scale with the tier's two thresholds marked: red below margin call,
 * amber below warning, green above. The scale runs to twice the warning threshold (or the ratio,
 * if higher), so both thresholds always show.
 */
export function HealthGauge({
  ratioBps,
  thresholds,
  className,
}: {
  ratioBps: bigint | null;
  thresholds: { warningThresholdBps: number; marginCallThresholdBps: number };
  className?: string;
}) {
  const ratio = ratioBps === null ? null : Number(ratioBps);
  const max = Math.max(thresholds.warningThresholdBps * 2, ratio ?? 0);
  const at = (bps: number) => `${Math.min(100, (bps / max) * 100)}%`;
  return (
    <div className={cn('space-y-1', className)}>
      {ratio !== null ? (
        <meter
          className="sr-only"
          aria-label="Collateral ratio"
          min={0}
          max={max / 100}
          low={thresholds.marginCallThresholdBps / 100}
          high={thresholds.warningThresholdBps / 100}
          optimum={max / 100}
          value={ratio / 100}
        >
          {formatBps(ratio)}
        </meter>
      ) : null}
      <div aria-hidden="true" className="relative h-3 overflow-hidden rounded-full bg-success-200">
        <div
          className="absolute inset-y-0 left-0 bg-danger-200"
          style={{ width: at(thresholds.marginCallThresholdBps) }}
        />
        <div
          className="absolute inset-y-0 bg-warning-200"
          style={{
            left: at(thresholds.marginCallThresholdBps),
            width: `calc(${at(thresholds.warningThresholdBps)} - ${at(thresholds.marginCallThresholdBps)})`,
          }}
        />
        {ratio !== null ? (
          <div
            className="absolute inset-y-0 w-1 -translate-x-1/2 rounded-full bg-slate-900"
            style={{ left: at(ratio) }}
          />
        ) : null}
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden="true">
        <li className="flex items-center gap-1">
          <span className="size-2 rounded-full bg-danger-500" /> Margin call below{' '}
          {formatBps(thresholds.marginCallThresholdBps)}
        </li>
        <li className="flex items-center gap-1">
          <span className="size-2 rounded-full bg-warning-500" /> Warning below{' '}
          {formatBps(thresholds.warningThresholdBps)}
        </li>
        <li className="flex items-center gap-1">
          <span className="size-2 rounded-full bg-success-500" /> Healthy
        </li>
      </ul>
    </div>
  );
}
