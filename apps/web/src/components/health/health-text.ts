import type { HealthTransition } from '@bithedge/api';
import type { BadgeTone } from '@/components/ui/badge';
import { formatBps, formatUsd } from '@/lib/format';

export type HealthStatus = 'healthy' | 'warning' | 'margin_call';

export const STATUS_LABEL: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  warning: 'Warning',
  margin_call: 'Margin call',
};

export const STATUS_TONE: Record<HealthStatus, BadgeTone> = {
  healthy: 'success',
  warning: 'warning',
  margin_call: 'danger',
};

const label = (status: string) => STATUS_LABEL[status as HealthStatus] ?? status;
const usd = (value: string | null) => (value === null ? '—' : formatUsd(BigInt(value)));

/**
 * What moved a provider's health, in words: the status change and the figure that changed most —
 * a price, its requirement (a policy backed or settled) or its capital (a deposit or withdrawal).
 */
export function describeTransition(t: HealthTransition): string {
  const change = `${label(t.from)} → ${label(t.to)}`;
  const ratio =
    t.ratioBpsAfter === null
      ? ''
      : ` at ${formatBps(Number(t.ratioBpsAfter))}${t.ratioBpsBefore === null ? '' : ` (was ${formatBps(Number(t.ratioBpsBefore))})`}`;
  const causes: string[] = [];
  if (t.stxPriceUsdBefore !== null && t.stxPriceUsdBefore !== t.stxPriceUsdAfter)
    causes.push(`STX ${usd(t.stxPriceUsdBefore)} → ${usd(t.stxPriceUsdAfter)}`);
  if (t.btcPriceUsdBefore !== null && t.btcPriceUsdBefore !== t.btcPriceUsdAfter)
    causes.push(`BTC ${usd(t.btcPriceUsdBefore)} → ${usd(t.btcPriceUsdAfter)}`);
  if (t.requirementUsdBefore !== null && t.requirementUsdBefore !== t.requirementUsdAfter)
    causes.push(`requirement ${usd(t.requirementUsdBefore)} → ${usd(t.requirementUsdAfter)}`);
  if (t.collateralUsdBefore !== null && causes.length === 0 && t.collateralUsdBefore !== t.collateralUsdAfter)
    causes.push(`collateral ${usd(t.collateralUsdBefore)} → ${usd(t.collateralUsdAfter)}`);
  return `${change}${ratio}${causes.length ? `: ${causes.join(', ')}` : ''}`;
}
