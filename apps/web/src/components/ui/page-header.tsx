import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

/**
 * A page's one h1, what the page is for, and its main actions (right of the title on wide
 * screens, below it on a phone). `meta` sits next to the title: a status badge, a countdown.
 */
export function PageHeader({
  title,
  description,
  actions,
  meta,
  size = 'md',
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  meta?: ReactNode;
  size?: 'md' | 'lg';
}) {
  return (
    <div className="flex flex-col gap-stack md:flex-row md:items-end md:justify-between">
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-3">
          <h1
            className={cn(
              'font-bold tracking-tight text-slate-900',
              size === 'lg' ? 'text-2xl sm:text-3xl' : 'text-2xl',
            )}
          >
            {title}
          </h1>
          {meta}
        </div>
        {description ? <p className="mt-2 max-w-2xl text-slate-600">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap gap-3">{actions}</div> : null}
    </div>
  );
}
