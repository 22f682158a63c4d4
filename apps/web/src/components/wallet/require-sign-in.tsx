'use client';
import type { ReactNode } from 'react';
import { useSession } from '@/wallet/use-session';
import { ConnectButton } from './connect-button';

/** Renders its children for a signed-in caller; asks everyone else to sign in first. */
export function RequireSignIn({ reason, children }: { reason: string; children: ReactNode }) {
  const { session, loading } = useSession();
  if (loading)
    return (
      <div role="status" className="h-40 animate-pulse rounded-xl border border-slate-200 bg-white">
        <span className="sr-only">Checking your session…</span>
      </div>
    );
  if (session) return <>{children}</>;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <h2 className="text-lg font-semibold text-slate-900">Sign in to continue</h2>
      <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">{reason}</p>
      <div className="mt-5 flex justify-center">
        <ConnectButton />
      </div>
    </section>
  );
}
