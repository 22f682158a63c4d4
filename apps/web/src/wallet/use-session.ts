'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';

/**
 * The signed-in caller, for pages that query from the browser. Signing in and out is
 * `SessionControls` (components/wallet/session-controls.tsx), which refetches this query after
 * a change (through `sessionChanged()`).
 */
export function useSession() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  return { session: me.data ?? null, loading: me.isPending };
}
