import 'server-only';
import { createCaller } from '@bithedge/api';
import { createRequestContext } from './context';

/**
 * Calls procedures in-process for a server component that renders the result itself. Apart from
 * `@/trpc/server` on purpose: that module imports TanStack Query's `HydrationBoundary`, a client
 * component, and importing it from the root layout or the home page puts TanStack Query into
 * every page's first load.
 */
export async function serverCaller() {
  return createCaller(await createRequestContext());
}
