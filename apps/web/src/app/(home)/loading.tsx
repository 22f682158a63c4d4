import { LoadingCards } from '@/components/ui/query-state';

/** The overview streams behind the same skeleton as the signed-in pages ((app)/(streamed)). */
export default function Loading() {
  return <LoadingCards />;
}
