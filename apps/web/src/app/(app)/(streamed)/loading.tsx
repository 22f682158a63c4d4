import { LoadingCards } from '@/components/ui/query-state';

/**
 * The skeleton these pages stream behind. Not at the root: /admin decides access before anything
 * is sent, which a loading boundary above it would prevent — the shell (and its 200 status) would
 * be on the wire before `forbidden()` could answer 403.
 */
export default function Loading() {
  return <LoadingCards />;
}
