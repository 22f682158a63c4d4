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

export function ErrorPanel({
  title,
  message,
  action,
}: {
  title: string;
  message: string;
  action?: ReactNode;
}) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-5 text-red-900">
      <p className="font-semibold">{title}</p>
      <p className="mt-1 text-sm">{message}</p>
      {action ? <div className="mt-3">{action}</div> : null}
    </div>
  );
}
