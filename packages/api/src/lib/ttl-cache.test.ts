import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache';

/** A clock the test moves by hand. */
function manualClock() {
  const clock = { now: 0, read: () => clock.now };
  return clock;
}

describe('TtlCache', () => {
  it('loads once per ttl and shares a load between concurrent readers', async () => {
    const clock = manualClock();
    const cache = new TtlCache<number>(1_000, { clock: clock.read });
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    clock.now = 999;
    expect(await cache.get('k', load)).toBe(1);
    clock.now = 1_000;
    expect(await cache.get('k', load)).toBe(2);
    expect(await cache.get('other', load)).toBe(3);
  });

  it('counts the ttl from when a load finished, and shares a load however long it takes', async () => {
    const clock = manualClock();
    const cache = new TtlCache<string>(1_000, { clock: clock.read });
    let finish: (v: string) => void = () => {};
    let loads = 0;
    const slow = () => {
      loads++;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    const first = cache.get('k', slow);
    clock.now = 5_000; // still loading, 5 ttls later: shared, not started again
    const second = cache.get('k', slow);
    finish('v');
    expect([await first, await second, loads]).toEqual(['v', 'v', 1]);
    clock.now = 5_999;
    expect(await cache.get('k', slow)).toBe('v');
    expect(loads).toBe(1);
  });

  it('does not keep a failed load', async () => {
    const cache = new TtlCache<number>(1_000);
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 7)).toBe(7);
  });

  it('keeps at most maxEntries keys, dropping the oldest load first', async () => {
    const cache = new TtlCache<string>(60_000, { maxEntries: 2 });
    let loads = 0;
    const load = (v: string) => async () => {
      loads++;
      return v;
    };
    await cache.get('a', load('a1'));
    await cache.get('b', load('b1'));
    await cache.get('a', load('a2')); // still cached: no load
    await cache.get('c', load('c1')); // evicts a, the oldest load
    expect(loads).toBe(3);
    expect(await cache.get('b', load('b2'))).toBe('b1');
    expect(await cache.get('a', load('a3'))).toBe('a3');
    expect(loads).toBe(4);
  });
});
