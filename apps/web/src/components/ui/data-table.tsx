'use client';
import { type ReactNode, useState } from 'react';
import { cn } from '@/lib/cn';
import { Button } from './button';
import { nextSort, pageOf, type SortState, type SortValue, sortRows } from './table-state';

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Makes the column sortable by this value. */
  sortValue?: (row: Row) => SortValue;
  align?: 'left' | 'right';
  /** The cell names its row (<th scope="row">). */
  rowHeader?: boolean;
  /** Extra classes on the column's cells, e.g. to hide it on a phone. */
  className?: string;
}

/**
 * A table with sortable headers (a button in each, the state in aria-sort) and, past `pageSize`
 * rows, a footer to page through them. Rows keep the caller's order until a header is clicked.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  pageSize = 10,
  className,
}: {
  /** What the table holds; read by screen readers, not shown. */
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  pageSize?: number;
  className?: string;
}) {
  const [sort, setSort] = useState<SortState | null>(null);
  const [page, setPage] = useState(0);
  const sortColumn = columns.find((c) => c.key === sort?.key);
  const sorted =
    sort && sortColumn?.sortValue ? sortRows(rows, sortColumn.sortValue, sort.direction) : [...rows];
  const shown = pageOf(sorted, page, pageSize);
  const alignClass = (c: Column<Row>) => (c.align === 'right' ? 'text-right' : 'text-left');

  return (
    <div className={className}>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr className="text-slate-500">
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={sort?.key === c.key ? sort.direction : undefined}
                  className={cn('px-2 pb-2 font-medium first:pl-0 last:pr-0', alignClass(c), c.className)}
                >
                  {c.sortValue ? (
                    <button
                      type="button"
                      onClick={() => {
                        setSort((s) => nextSort(s, c.key));
                        setPage(0);
                      }}
                      className={cn(
                        'inline-flex items-center gap-1 rounded-sm hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500',
                        c.align === 'right' && 'flex-row-reverse',
                      )}
                    >
                      {c.header}
                      <SortIcon direction={sort?.key === c.key ? sort.direction : null} />
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="tabular">
            {shown.items.map((row) => (
              <tr key={rowKey(row)} className="border-t border-slate-100">
                {columns.map((c) => {
                  const Cell = c.rowHeader ? 'th' : 'td';
                  return (
                    <Cell
                      key={c.key}
                      scope={c.rowHeader ? 'row' : undefined}
                      className={cn(
                        'px-2 py-2 first:pl-0 last:pr-0',
                        alignClass(c),
                        c.rowHeader && 'font-medium',
                        c.className,
                      )}
                    >
                      {c.cell(row)}
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.last > 0 ? (
        <div className="mt-3 flex items-center justify-between gap-3 border-t border-slate-100 pt-3 text-sm">
          <p className="text-slate-600" aria-live="polite">
            {shown.from}–{shown.to} of {rows.length}
          </p>
          <div className="flex gap-2">
            <Button
              variant="secondary"
              size="sm"
              disabled={shown.page === 0}
              onClick={() => setPage(shown.page - 1)}
            >
              Previous
            </Button>
            <Button
              variant="secondary"
              size="sm"
              disabled={shown.page === shown.last}
              onClick={() => setPage(shown.page + 1)}
            >
              Next
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function SortIcon({ direction }: { direction: 'ascending' | 'descending' | null }) {
  const path =
    direction === 'ascending'
      ? 'M6 15l6-6 6 6'
      : direction === 'descending'
        ? 'M6 9l6 6 6-6'
        : 'M8 10l4-4 4 4M8 14l4 4 4-4';
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="size-3.5"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
    >
      <path d={path} />
    </svg>
  );
}
