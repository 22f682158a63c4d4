import type { Metadata } from 'next';
import { PlannedPage } from '@/components/planned-page';

export const metadata: Metadata = { title: 'Dashboard' };

export default function DashboardPage() {
  return (
    <PlannedPage
      title="Dashboard"
      summary="Your portfolio, yield, allocations, pending premiums, collateral health and history."
    />
  );
}
