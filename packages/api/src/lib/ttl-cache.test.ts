import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('loads once per ttl and shares a load between concurrent readers', async () => {
    const cache = new TtlCache<number>(1_000);
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load, 0), cache.get('k', load, 10)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get('k', load, 999)).toBe(1);
    expect(await cache.get('k', load, 1_000)).toBe(2);
    expect(await cache.get('other', load, 1_000)).toBe(3);
  });

  it('does not keep a failed load', async () => {
    const cache = new TtlCache<number>(1_000);
    await expect(cache.get('k', () => Promise.reject(new Error('down')), 0)).rejects.toThrow('down');
    expect(await cache.get('k', async () => 7, 1)).toBe(7);
  });

  it('keeps at most maxEntries keys, dropping the oldest load first', async () => {
    const cache = new TtlCache<string>(60_000, { maxEntries: 2 });
    let loads = 0;
    const load = (v: string) => async () => {
      loads++;
      return v;
    };
    await cache.get('a', load('a1'), 0);
    await cache.get('b', load('b1'), 1);
    await cache.get('a', load('a2'), 2); // still cached: no load
    await cache.get('c', load('c1'), 3); // evicts a, the oldest load
    expect(loads).toBe(3);
    expect(await cache.get('b', load('b2'), 4)).toBe('b1');
    expect(await cache.get('a', load('a3'), 5)).toBe('a3');
    expect(loads).toBe(4);
  });
});
