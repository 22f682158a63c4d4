/** Sorting and paging for DataTable, apart from React so they are tested on their own. */

export type SortValue = string | number | bigint;
export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  key: string;
  direction: SortDirection;
}

function compare(a: SortValue, b: SortValue): number {
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b);
  // Numbers and bigints compare exactly with < and > (no Number(bigint) rounding).
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sorted copy; equal values keep their order (Array.prototype.sort is stable). */
export function sortRows<Row>(
  rows: readonly Row[],
  value: (row: Row) => SortValue,
  direction: SortDirection,
): Row[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(value(a), value(b)));
}

/** Clicking a header: a new column sorts ascending, the sorted one flips. */
export function nextSort(current: SortState | null, key: string): SortState {
  if (current?.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The rows of a 0-based page, and the 1-based range shown ("11–20 of 23"). */
export function pageOf<Row>(rows: readonly Row[], page: number, pageSize: number) {
  const last = pageCount(rows.length, pageSize) - 1;
  const current = Math.min(Math.max(0, page), last);
  const start = current * pageSize;
  const items = rows.slice(start, start + pageSize);
  return { items, page: current, last, from: items.length ? start + 1 : 0, to: start + items.length };
}
