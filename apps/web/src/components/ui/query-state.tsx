import type { ReactNode } from 'react';
import { Alert } from './alert';
import { Button } from './button';
import { LoadingStatus, Skeleton } from './skeleton';

/** Card-shaped placeholders while a panel loads, announced once to screen readers. */
export function LoadingCards({ count = 2, label = 'Loading' }: { count?: number; label?: string }) {
  return (
    <LoadingStatus label={label} className="grid gap-section md:grid-cols-2">
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <Skeleton key={i} className="h-56" />
      ))}
    </LoadingStatus>
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
    <Alert
      tone="error"
      title={title}
      action={
        action || onRetry ? (
          <>
            {onRetry ? (
              <Button variant="danger" size="sm" onClick={onRetry}>
                Try again
              </Button>
            ) : null}
            {action}
          </>
        ) : undefined
      }
    >
      {message}
    </Alert>
  );
}
