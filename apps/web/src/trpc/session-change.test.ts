import { describe, expect, it, vi } from 'vitest';

describe('sessionChanged', () => {
  it('does nothing on a page without a query client (the home page)', async () => {
    vi.resetModules();
    const { sessionChanged } = await import('./session-change');
    await expect(sessionChanged()).resolves.toBeUndefined();
  });

  it("refetches the registered client's queries and waits for them", async () => {
    vi.resetModules();
    const { registerQueryClient, sessionChanged } = await import('./session-change');
    const order: string[] = [];
    registerQueryClient(async () => {
      await Promise.resolve();
      order.push('invalidated');
    });
    await sessionChanged();
    order.push('after');
    expect(order).toEqual(['invalidated', 'after']);
  });
});
