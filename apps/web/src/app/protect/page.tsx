import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ProtectQuote } from '@/components/protect/protect-quote';

export const metadata: Metadata = { title: 'Protect' };

export default function ProtectPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Protect your BTC</h1>
        <p className="mt-1 max-w-2xl text-slate-600">
          Choose how much protection you want and for how long. The premium updates as you type; every figure
          comes from the same model the pool charges.
        </p>
      </div>
      <Suspense fallback={<div className="h-96 animate-pulse rounded-xl border border-slate-200 bg-white" />}>
        <ProtectQuote />
      </Suspense>
    </div>
  );
}
