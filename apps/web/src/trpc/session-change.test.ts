import { describe, expect, it, vi } from 'vitest';

describe('sessionChanged', () => {
  it('does nothing on a page without a query client (the home page)', async () => {
    vi.resetModules();
    const { sessionChanged } = await import('./session-change');
    await expect(sessionChanged(null)).resolves.toBeUndefined();
  });

  it("refetches the registered client's queries and waits for them", async () => {
    vi.resetModules();
    const { registerQueryClient, sessionChanged } = await import('./session-change');
    const order: string[] = [];
    registerQueryClient(async () => {
      await Promise.resolve();
      order.push('invalidated');
    });
    await sessionChanged(null);
    order.push('after');
    expect(order).toEqual(['invalidated', 'after']);
  });

  it('tells the nav who signed in at once, until the server view arrives', async () => {
    vi.resetModules();
    const { forgetKnownSession, knownSession, sessionChanged, subscribeToSession } = await import(
      './session-change'
    );
    const heard: unknown[] = [];
    const stop = subscribeToSession(() => heard.push(knownSession()));
    expect(knownSession()).toBeUndefined();
    await sessionChanged({ principal: 'ST1', role: 'user' });
    expect(knownSession()).toEqual({ session: { principal: 'ST1', role: 'user' } });
    await sessionChanged(null);
    expect(knownSession()).toEqual({ session: null });
    forgetKnownSession();
    expect(knownSession()).toBeUndefined();
    stop();
    await sessionChanged(null);
    expect(heard).toEqual([{ session: { principal: 'ST1', role: 'user' } }, { session: null }, undefined]);
  });
});
