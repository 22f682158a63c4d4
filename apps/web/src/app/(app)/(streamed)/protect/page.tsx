import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ProtectQuote } from '@/components/protect/protect-quote';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Protect' };

export default function ProtectPage() {
  return (
    <div className="space-y-section">
      <PageHeader
        title="Protect your BTC"
        description="Choose how much protection you want and for how long. The premium updates as you type; every figure comes from the same model the pool charges."
      />
      <Suspense fallback={<Skeleton className="h-96" />}>
        <ProtectQuote />
      </Suspense>
    </div>
  );
}
