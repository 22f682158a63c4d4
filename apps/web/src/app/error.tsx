'use client';
import { ErrorPanel } from '@/components/ui/query-state';

export default function RouteError({ reset }: { error: Error; reset: () => void }) {
  return (
    <ErrorPanel
      title="Something went wrong"
      message="This page could not be loaded. Please try again."
      onRetry={reset}
    />
  );
}
