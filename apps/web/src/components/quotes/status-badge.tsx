import { Badge, type BadgeTone } from '@/components/ui/badge';

const TONES = {
  ACTIVE: 'success',
  EXPIRED: 'neutral',
  PURCHASED: 'info',
  COMMITTED: 'info',
  DECLINED: 'neutral',
} as const satisfies Record<string, BadgeTone>;

export function StatusBadge({ status }: { status: keyof typeof TONES }) {
  return <Badge tone={TONES[status]}>{status.toLowerCase()}</Badge>;
}
