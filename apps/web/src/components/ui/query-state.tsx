import type { ReactNode } from 'react';

export function LoadingCards({ count = 2, label = 'Loading' }: { count?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" className="grid gap-6 md:grid-cols-2">
      <span className="sr-only">{label}…</span>
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="h-56 animate-pulse rounded-xl border border-slate-200 bg-white" />
      ))}
    </div>
  );
}

/** An error with what went wrong and, when given, a "Try again" button or another action. */
export function ErrorPanel({
  title,
  message,
  action,
  onRetry,
}: {
  title: string;
  message: string;
  action?: ReactNode;
  onRetry?: () => void;
}) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-5 text-red-900">
      <p className="font-semibold">{title}</p>
      <p className="mt-1 text-sm">{message}</p>
      {action || onRetry ? (
        <div className="mt-3 flex gap-3">
          {onRetry ? (
            <button
              type="button"
              className="rounded-md bg-red-600 px-3 py-1.5 text-sm text-white"
              onClick={onRetry}
            >
              Try again
            </button>
          ) : null}
          {action}
        </div>
      ) : null}
    </div>
  );
}
