'use client';
import { ErrorPanel } from '@/components/query-state';

export default function RouteError({ reset }: { error: Error; reset: () => void }) {
  return (
    <ErrorPanel
      title="Something went wrong"
      message="This page could not be loaded. Please try again."
      action={
        <button
          type="button"
          className="rounded-md bg-red-600 px-3 py-1.5 text-sm text-white"
          onClick={reset}
        >
          Try again
        </button>
      }
    />
  );
}
