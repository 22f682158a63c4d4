import { hashKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { hashQueryKey } from './query-client';

describe('hashQueryKey', () => {
  it('hashes a key holding a bigint (the default throws) and keeps bigint apart from its number', () => {
    const key = [
      ['admin', 'previewTier'],
      { input: { values: { capacityLimit: 10n ** 20n } }, type: 'query' },
    ];
    expect(() => hashKey(key)).toThrow(/BigInt/);
    expect(hashQueryKey(key)).toContain('"100000000000000000000n"');
    expect(hashQueryKey([{ a: 1n }])).not.toBe(hashQueryKey([{ a: 1 }]));
  });

  it('equals the default hash for keys without bigint: object key order does not matter', () => {
    const a = [['pool', 'history'], { input: { token: 'STX', range: '7d' }, type: 'query' }];
    const b = [['pool', 'history'], { type: 'query', input: { range: '7d', token: 'STX' } }];
    expect(hashQueryKey(a)).toBe(hashKey(a));
    expect(hashQueryKey(a)).toBe(hashQueryKey(b));
  });
});
