/**
 * What a session change (sign-in, sign-out) must refresh in the browser's query cache, kept free of
 * TanStack Query so the nav's sign-in flow can reach it without loading the query layer: the page
 * that has the query provider registers its client here, a page without one (the home page) has no
 * client queries to refresh.
 */
let invalidateAll: (() => Promise<unknown>) | undefined;

export function registerQueryClient(invalidate: () => Promise<unknown>): void {
  invalidateAll = invalidate;
}

/** Who is signed in now, as the sign-in or sign-out that just happened says. */
export interface KnownSession {
  session: { principal: string; role: 'admin' | 'user' } | null;
}

// The nav renders the session the server saw; after a sign-in or sign-out it shows this one at once
// instead of waiting for `router.refresh()` to bring the server's new view (slow on a busy server).
let known: KnownSession | undefined;
const listeners = new Set<() => void>();

export function subscribeToSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function knownSession(): KnownSession | undefined {
  return known;
}

/** The server's view of the session arrived (a refresh or a navigation): it is the truth again. */
export function forgetKnownSession(): void {
  if (known === undefined) return;
  known = undefined;
  for (const listener of listeners) listener();
}

/** Everything cached was fetched as someone else (or no one). */
export async function sessionChanged(session: KnownSession['session']): Promise<void> {
  known = { session };
  for (const listener of listeners) listener();
  await invalidateAll?.();
}
