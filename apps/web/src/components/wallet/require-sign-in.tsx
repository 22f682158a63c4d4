'use client';
import type { ReactNode } from 'react';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { LoadingStatus, Skeleton } from '@/components/ui/skeleton';
import { useSession } from '@/wallet/use-session';
import { ConnectButton } from './connect-button';

/** Renders its children for a signed-in caller; asks everyone else to sign in first. */
export function RequireSignIn({ reason, children }: { reason: string; children: ReactNode }) {
  const { session, loading } = useSession();
  if (loading)
    return (
      <LoadingStatus label="Checking your session">
        <Skeleton className="h-40" />
      </LoadingStatus>
    );
  if (session) return <>{children}</>;
  return (
    <Card as="section" className="py-8 text-center">
      <CardTitle className="text-lg">Sign in to continue</CardTitle>
      <CardDescription className="mx-auto max-w-md">{reason}</CardDescription>
      <div className="mt-5 flex justify-center">
        <ConnectButton />
      </div>
    </Card>
  );
}
