import type { Metadata } from 'next';
import { PlannedPage } from '@/components/planned-page';

export const metadata: Metadata = { title: 'Provide' };

export default function ProvidePage() {
  return (
    <PlannedPage
      title="Provide"
      summary="Deposit STX or sBTC under a risk tier and earn the premiums of the policies your capital backs."
    />
  );
}
