import { LoadingCards } from '@/components/ui/query-state';

export default function Loading() {
  return <LoadingCards />;
}
