import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

/** A pulsing placeholder block; size it with className. Decorative: wrap it in LoadingStatus. */
export function Skeleton({ className }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={cn('animate-pulse rounded-card border border-slate-200 bg-white', className)}
    />
  );
}

/** Announces "loading" once (polite) while its skeletons hold the layout. */
export function LoadingStatus({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div role="status" aria-live="polite" className={className}>
      <span className="sr-only">{label}…</span>
      {children}
    </div>
  );
}
