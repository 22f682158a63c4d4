import { LoadingCards } from '@/components/query-state';

export default function Loading() {
  return <LoadingCards />;
}
