import type { Metadata } from 'next';
import { PlannedPage } from '@/components/planned-page';

export const metadata: Metadata = { title: 'Protect' };

export default function ProtectPage() {
  return (
    <PlannedPage
      title="Protect"
      summary="Choose a protected value, an amount of BTC and a duration, see the live premium, and buy a PUT or CALL policy."
    />
  );
}
