'use client';
import { useRouter } from 'next/navigation';
import { ErrorPanel } from '@/components/ui/query-state';

/** The server could not read the pool's figures: "Try again" renders the page again. */
export function PoolOverviewUnavailable({ message }: { message: string }) {
  const router = useRouter();
  return (
    <ErrorPanel title="Pool figures are unavailable" message={message} onRetry={() => router.refresh()} />
  );
}
