import { describe, expect, it } from 'vitest';
import { nextSort, pageCount, pageOf, sortRows } from './table-state';

describe('sortRows', () => {
  const rows = [
    { name: 'b', units: 2n ** 60n + 1n },
    { name: 'a', units: 2n ** 60n },
    { name: 'c', units: 5n },
  ];

  it('sorts bigints exactly, both ways', () => {
    expect(sortRows(rows, (r) => r.units, 'ascending').map((r) => r.name)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, (r) => r.units, 'descending').map((r) => r.name)).toEqual(['b', 'a', 'c']);
  });

  it('sorts strings and keeps ties in their order without touching the input', () => {
    const tied = [
      { k: 'x', n: 1 },
      { k: 'y', n: 0 },
      { k: 'z', n: 1 },
    ];
    expect(sortRows(tied, (r) => r.n, 'ascending').map((r) => r.k)).toEqual(['y', 'x', 'z']);
    expect(sortRows(rows, (r) => r.name, 'descending').map((r) => r.name)).toEqual(['c', 'b', 'a']);
    expect(rows.map((r) => r.name)).toEqual(['b', 'a', 'c']);
  });
});

describe('nextSort', () => {
  it('sorts a new column ascending and flips the current one', () => {
    expect(nextSort(null, 'a')).toEqual({ key: 'a', direction: 'ascending' });
    expect(nextSort({ key: 'a', direction: 'ascending' }, 'a')).toEqual({
      key: 'a',
      direction: 'descending',
    });
    expect(nextSort({ key: 'a', direction: 'descending' }, 'a')).toEqual({
      key: 'a',
      direction: 'ascending',
    });
    expect(nextSort({ key: 'a', direction: 'descending' }, 'b')).toEqual({
      key: 'b',
      direction: 'ascending',
    });
  });
});

describe('pageOf', () => {
  const rows = Array.from({ length: 23 }, (_, i) => i);

  it('slices a page and says which rows it shows', () => {
    expect(pageOf(rows, 1, 10)).toMatchObject({
      items: rows.slice(10, 20),
      page: 1,
      last: 2,
      from: 11,
      to: 20,
    });
    expect(pageOf(rows, 2, 10)).toMatchObject({ items: [20, 21, 22], from: 21, to: 23 });
  });

  it('clamps a page out of range (rows removed under it) and handles no rows', () => {
    expect(pageOf(rows, 9, 10).page).toBe(2);
    expect(pageOf(rows, -1, 10).page).toBe(0);
    expect(pageOf([], 0, 10)).toMatchObject({ items: [], page: 0, last: 0, from: 0, to: 0 });
    expect(pageCount(0, 10)).toBe(1);
    expect(pageCount(20, 10)).toBe(2);
  });
});
