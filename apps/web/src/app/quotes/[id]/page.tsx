import type { Metadata } from 'next';
import { QuoteDetail } from '@/components/quotes/quote-detail';
import { RequireSignIn } from '@/components/wallet/require-sign-in';

export const metadata: Metadata = { title: 'Quote' };

export default async function QuotePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RequireSignIn reason="Quotes are private to the wallet that saved them: sign in to see this one.">
      <QuoteDetail id={id} />
    </RequireSignIn>
  );
}
