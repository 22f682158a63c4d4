'use client';
import { Skeleton } from '@/components/ui/skeleton';
import { useSession } from '@/wallet/use-session';
import { SessionControls } from './session-controls';

/** Sign-in / session controls inside a page, from the page's `auth.me` query. */
export function ConnectButton() {
  const { session, loading } = useSession();
  if (loading) return <Skeleton className="h-9 w-32" />;
  return <SessionControls session={session} />;
}
