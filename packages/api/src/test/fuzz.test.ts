/** The fuzz's own instruments: a fuzz whose write check saw nothing would prove nothing. */
import { authNonces, type DatabaseHandle, openDatabase } from '@bithedge/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_SEED, hostileValues, mutationsOf, randomInputs, WriteWatch } from './fuzz';

describe('WriteWatch', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(() => handle?.close());

  const insertNonce = (nonce: string) =>
    handle.db.insert(authNonces).values({ nonce, expiresAt: new Date(Date.now() + 60_000) });

  it('names the table a refused call wrote to, and nothing for a read', async () => {
    const watch = await WriteWatch.start(handle.db);
    await handle.db.select().from(authNonces);
    expect(await watch.after(true)).toEqual([]);
    await insertNonce('a'.repeat(32));
    expect(await watch.after(true)).toEqual(['auth_nonces']);
  });

  it('takes an accepted write as the new baseline', async () => {
    const watch = await WriteWatch.start(handle.db);
    await insertNonce('b'.repeat(32));
    expect(await watch.after(false)).toEqual([]);
    expect(await watch.after(true)).toEqual([]);
  });

  it('sees an update that writes the same values, and not a write that was rolled back', async () => {
    const watch = await WriteWatch.start(handle.db);
    await handle.db
      .update(authNonces)
      .set({ nonce: 'b'.repeat(32) })
      .where(eq(authNonces.nonce, 'b'.repeat(32)));
    expect(await watch.after(true)).toEqual(['auth_nonces']);
    await handle.db
      .transaction(async (tx) => {
        await tx.insert(authNonces).values({ nonce: 'c'.repeat(32), expiresAt: new Date() });
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect(await watch.after(true)).toEqual([]);
  });
});

describe('fuzz inputs', () => {
  it('mutates every field of a valid input, keeping the others valid', () => {
    const valid = { token: 'STX', nested: { amount: '1' } };
    const labels = mutationsOf(valid).map((m) => m.label);
    const kinds = hostileValues().length + 1; // every hostile value, and removal
    expect(labels.filter((l) => l.startsWith('token ')).length).toBe(kinds);
    expect(labels.filter((l) => l.startsWith('nested.amount ')).length).toBe(kinds);
    const proto = mutationsOf(valid).find((m) => m.label === '(root) + __proto__')!.value as object;
    // An own key, as JSON.parse would make it, not a changed prototype.
    expect(Object.hasOwn(proto, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it('draws the same random inputs for the same seed', () => {
    expect(randomInputs(20, FUZZ_SEED)).toEqual(randomInputs(20, FUZZ_SEED));
  });
});
