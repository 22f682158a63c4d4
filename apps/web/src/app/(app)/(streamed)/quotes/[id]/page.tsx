import type { Metadata } from 'next';
import { connection } from 'next/server';
import { QuoteDetail } from '@/components/quotes/quote-detail';
import { RequireSignIn } from '@/components/wallet/require-sign-in';
import { configuredContractIds } from '@/server/contract-ids';

export const metadata: Metadata = { title: 'Quote' };

export default async function QuotePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await connection();
  return (
    <RequireSignIn reason="Quotes are private to the wallet that saved them: sign in to see this one.">
      <QuoteDetail id={id} ids={configuredContractIds()} />
    </RequireSignIn>
  );
}
