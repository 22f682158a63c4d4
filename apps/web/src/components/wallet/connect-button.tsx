'use client';
import { shortAddress } from '@/lib/format';
import { useSession } from '@/wallet/use-session';

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /cancel|reject/i.test(message) ? 'Sign-in was cancelled in the wallet.' : message;
}

/** Connect / sign in with a Stacks wallet; once signed in, the short address, role and sign-out. */
export function ConnectButton() {
  const { session, loading, signIn, signOut } = useSession();
  if (loading) return <span className="h-9 w-32 animate-pulse rounded-md bg-slate-100" aria-hidden />;
  if (session)
    return (
      <div className="flex items-center gap-2">
        <span
          className="flex items-center gap-2 whitespace-nowrap rounded-md bg-slate-100 px-2 py-1.5 font-mono text-xs text-slate-800 sm:px-3"
          title={session.principal}
          data-testid="session-address"
        >
          <span className="size-2 rounded-full bg-emerald-500" aria-hidden />
          <span className="sr-only">Signed in as </span>
          {shortAddress(session.principal)}
          <span className="sr-only sm:hidden">({session.role === 'admin' ? 'admin' : 'provider'})</span>
          <span className="hidden rounded bg-white px-1.5 py-0.5 font-sans sm:inline text-[10px] font-semibold uppercase tracking-wide text-slate-600">
            {session.role === 'admin' ? 'admin' : 'provider'}
          </span>
        </span>
        <button
          type="button"
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
          className="whitespace-nowrap rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500 disabled:opacity-50"
        >
          Sign out
        </button>
      </div>
    );
  return (
    <div className="flex flex-col items-end">
      <button
        type="button"
        onClick={() => signIn.mutate()}
        disabled={signIn.isPending}
        className="rounded-md bg-brand-500 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
      >
        {signIn.isPending ? 'Check your wallet…' : 'Connect wallet'}
      </button>
      {signIn.isError ? (
        <p role="alert" className="mt-1 max-w-56 text-right text-xs text-red-700">
          {errorText(signIn.error)}
        </p>
      ) : null}
    </div>
  );
}
