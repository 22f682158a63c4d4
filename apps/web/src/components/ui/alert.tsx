import type { ComponentProps, ReactNode } from 'react';
import { cn } from '@/lib/cn';

export type AlertTone = 'info' | 'success' | 'warning' | 'error';

const TONES: Record<AlertTone, string> = {
  info: 'border-info-200 bg-info-50 text-info-950',
  success: 'border-success-200 bg-success-50 text-success-950',
  warning: 'border-warning-200 bg-warning-50 text-warning-950',
  error: 'border-danger-200 bg-danger-50 text-danger-950',
};

/**
 * A message in a tone. Errors and warnings are announced at once (role="alert"); information and
 * success politely (role="status"). `role` overrides it, e.g. "note" for advice shown from the
 * start that nothing triggered.
 */
export function Alert({
  tone = 'info',
  title,
  action,
  role,
  className,
  children,
  ...props
}: {
  tone?: AlertTone;
  title?: ReactNode;
  action?: ReactNode;
} & ComponentProps<'div'>) {
  return (
    <div
      role={role ?? (tone === 'error' || tone === 'warning' ? 'alert' : 'status')}
      className={cn('rounded-control border px-3 py-2 text-sm', title && 'p-4', TONES[tone], className)}
      {...props}
    >
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={title ? 'mt-1' : undefined}>{children}</div> : null}
      {action ? <div className="mt-3 flex flex-wrap gap-3">{action}</div> : null}
    </div>
  );
}
