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

/** Everything cached was fetched as someone else (or no one). */
export async function sessionChanged(): Promise<void> {
  await invalidateAll?.();
}
