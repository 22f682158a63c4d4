import type { Metadata } from 'next';
import { QuoteList } from '@/components/quotes/quote-list';
import { RequireSignIn } from '@/components/wallet/require-sign-in';

export const metadata: Metadata = { title: 'Saved quotes' };

export default function QuotesPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Saved quotes</h1>
        <p className="mt-1 text-slate-600">Each saved quote holds its premium for 24 hours.</p>
      </div>
      <RequireSignIn reason="Saved quotes belong to the wallet that saved them: sign in to see yours.">
        <QuoteList />
      </RequireSignIn>
    </div>
  );
}
