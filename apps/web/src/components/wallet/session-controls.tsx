'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { shortAddress } from '@/lib/format';

/** Who is signed in, as the server (the root layout) or the `auth.me` query reports it. */
export interface SessionView {
  principal: string;
  role: 'admin' | 'user';
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /cancel|reject/i.test(message) ? 'Sign-in was cancelled in the wallet.' : message;
}

/**
 * Connect / sign in with a Stacks wallet; once signed in, the short address, role and sign-out.
 * The flow (wallet, tRPC client) is imported on click, and a change re-renders the server's view
 * of the session (`router.refresh()`, the nav) and refetches the page's queries.
 */
export function SessionControls({ session }: { session: SessionView | null }) {
  const router = useRouter();
  const [pending, setPending] = useState<'in' | 'out' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (kind: 'in' | 'out') => {
    setPending(kind);
    setError(null);
    try {
      const actions = await import('@/wallet/session-actions');
      await (kind === 'in' ? actions.signInWithWallet() : actions.signOutOfSite());
      router.refresh();
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(null);
    }
  };
  if (session)
    return (
      <div className="flex items-center gap-2">
        <span
          className="flex items-center gap-2 whitespace-nowrap rounded-md bg-slate-100 px-2 py-1.5 font-mono text-xs text-slate-800 sm:px-3"
          title={session.principal}
          data-testid="session-address"
        >
          <span className="size-2 rounded-full bg-success-500" aria-hidden />
          <span className="sr-only">Signed in as </span>
          {shortAddress(session.principal)}
          <span className="sr-only sm:hidden">({session.role === 'admin' ? 'admin' : 'provider'})</span>
          <span className="hidden rounded bg-white px-1.5 py-0.5 font-sans sm:inline text-[10px] font-semibold uppercase tracking-wide text-slate-600">
            {session.role === 'admin' ? 'admin' : 'provider'}
          </span>
        </span>
        <Button
          variant="ghost"
          size="compact"
          className="whitespace-nowrap"
          onClick={() => run('out')}
          disabled={pending === 'out'}
        >
          Sign out
        </Button>
      </div>
    );
  return (
    <div className="flex flex-col items-end">
      <Button onClick={() => run('in')} loading={pending === 'in'} className="whitespace-nowrap">
        {pending === 'in' ? 'Check your wallet…' : 'Connect wallet'}
      </Button>
      {error ? (
        <p role="alert" className="mt-1 max-w-56 text-right text-xs text-danger-700">
          {errorText(error)}
        </p>
      ) : null}
    </div>
  );
}
