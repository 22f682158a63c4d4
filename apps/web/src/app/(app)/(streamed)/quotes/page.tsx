import type { Metadata } from 'next';
import { QuoteList } from '@/components/quotes/quote-list';
import { PageHeader } from '@/components/ui/page-header';
import { RequireSignIn } from '@/components/wallet/require-sign-in';

export const metadata: Metadata = { title: 'Saved quotes' };

export default function QuotesPage() {
  return (
    <div className="space-y-section">
      <PageHeader title="Saved quotes" description="Each saved quote holds its premium for 24 hours." />
      <RequireSignIn reason="Saved quotes belong to the wallet that saved them: sign in to see yours.">
        <QuoteList />
      </RequireSignIn>
    </div>
  );
}
