'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

/**
 * Keyset pages in the browser: the cursors of the pages walked so far (the first page has none),
 * so Previous goes back exactly and Next asks the server for the page after the last row shown.
 * Changing a filter starts again from the first page.
 */
export function useCursorPages<Filters extends object>(initial: Filters) {
  const [state, setState] = useState<{ filters: Filters; cursors: string[] }>({
    filters: initial,
    cursors: [],
  });
  const cursor = state.cursors.at(-1);
  return {
    filters: state.filters,
    cursor,
    pageNumber: state.cursors.length + 1,
    setFilters: (filters: Filters) => setState({ filters, cursors: [] }),
    next: (nextCursor: string) => setState((s) => ({ ...s, cursors: [...s.cursors, nextCursor] })),
    previous: () => setState((s) => ({ ...s, cursors: s.cursors.slice(0, -1) })),
  };
}

export function CursorPager({
  pageNumber,
  nextCursor,
  onNext,
  onPrevious,
  busy,
}: {
  pageNumber: number;
  nextCursor: string | null | undefined;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
  busy?: boolean;
}) {
  if (pageNumber === 1 && !nextCursor) return null;
  return (
    <div className="mt-3 flex items-center justify-between gap-3 border-t border-slate-100 pt-3 text-sm">
      <p className="text-slate-600" aria-live="polite">
        Page {pageNumber}
        {busy ? ' (loading…)' : ''}
      </p>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" disabled={pageNumber === 1} onClick={onPrevious}>
          Previous
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={!nextCursor}
          onClick={() => nextCursor && onNext(nextCursor)}
        >
          Next
        </Button>
      </div>
    </div>
  );
}
