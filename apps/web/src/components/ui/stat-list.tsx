import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

export interface Stat {
  term: ReactNode;
  value: ReactNode;
  /** A smaller line under the value (what it is made of, where it comes from). */
  hint?: ReactNode;
  testId?: string;
  /** Stable key when `term` is not a string. */
  key?: string;
}

const COLUMNS = {
  1: 'grid-cols-1',
  2: 'grid-cols-2',
  3: 'grid-cols-2 sm:grid-cols-3',
  4: 'grid-cols-2 sm:grid-cols-4',
} as const;

/**
 * Term/value pairs as a description list. `rows`: the term left, the value right (a statement of
 * balances); `grid`: small term above a prominent value (headline figures). Each pair is a
 * <div> holding its <dt> and <dd>, which HTML allows, so a value is its term's next sibling.
 */
export function StatList({
  stats,
  layout = 'rows',
  columns = 2,
  emphasis = false,
  className,
  testId,
}: {
  stats: readonly Stat[];
  layout?: 'rows' | 'grid';
  columns?: keyof typeof COLUMNS;
  /** Grid values in a larger type (a page's key figures). */
  emphasis?: boolean;
  className?: string;
  testId?: string;
}) {
  const rows = layout === 'rows';
  return (
    <dl
      className={cn('text-sm', rows ? 'grid gap-y-2' : cn('grid gap-stack', COLUMNS[columns]), className)}
      data-testid={testId}
    >
      {stats.map((stat) => (
        <div
          key={stat.key ?? String(stat.term)}
          className={rows ? 'grid grid-cols-[minmax(0,1fr)_auto] items-baseline gap-x-3' : 'min-w-0'}
        >
          <dt className={cn('text-slate-500', !rows && emphasis && 'text-xs uppercase tracking-wide')}>
            {stat.term}
          </dt>
          <dd
            className={cn(
              'tabular-nums text-slate-900',
              rows ? 'text-right' : emphasis ? 'mt-1 text-xl font-semibold' : 'font-semibold',
            )}
            data-testid={stat.testId}
          >
            {stat.value}
          </dd>
          {stat.hint ? (
            <dd className={cn('text-xs text-slate-500', rows && 'col-start-2 text-right')}>{stat.hint}</dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
