import { type HealthStatus, STATUS_LABEL, STATUS_TONE } from '@/components/health/health-text';
import { Badge } from '@/components/ui/badge';

/** A provider's health status in the words and colours the provider's own dashboard uses. */
export function HealthBadge({ status }: { status: HealthStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Badge>;
}
