'use client';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { shortAddress } from '@/lib/format';
import { useSession } from '@/wallet/use-session';

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /cancel|reject/i.test(message) ? 'Sign-in was cancelled in the wallet.' : message;
}

/** Connect / sign in with a Stacks wallet; once signed in, the short address, role and sign-out. */
export function ConnectButton() {
  const { session, loading, signIn, signOut } = useSession();
  if (loading) return <Skeleton className="h-9 w-32" />;
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
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
        >
          Sign out
        </Button>
      </div>
    );
  return (
    <div className="flex flex-col items-end">
      <Button onClick={() => signIn.mutate()} loading={signIn.isPending} className="whitespace-nowrap">
        {signIn.isPending ? 'Check your wallet…' : 'Connect wallet'}
      </Button>
      {signIn.isError ? (
        <p role="alert" className="mt-1 max-w-56 text-right text-xs text-danger-700">
          {errorText(signIn.error)}
        </p>
      ) : null}
    </div>
  );
}
