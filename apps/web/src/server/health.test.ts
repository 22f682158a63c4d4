import { type DatabaseHandle, openDatabase } from '@bithedge/db';
import { afterEach, describe, expect, it, vi } from 'vitest';

const getDatabase = vi.fn<() => Promise<DatabaseHandle>>();
vi.mock('./db', () => ({ getDatabase }));
const { checkDatabase } = await import('./health');
const { GET } = await import('../app/api/health/route');

describe('health', () => {
  afterEach(() => getDatabase.mockReset());

  it('answers 200 with the driver when the database answers', async () => {
    const handle = await openDatabase({ dataDir: 'memory://', migrate: false });
    getDatabase.mockResolvedValue(handle);
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'pglite' });
    expect(response.headers.get('cache-control')).toBe('no-store');
    await handle.close();
  });

  it('answers 503 without leaking the error message when the database is down', async () => {
    getDatabase.mockRejectedValue(new Error('connect ECONNREFUSED postgres://app:secret@db:5432'));
    const response = await GET();
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toEqual({ status: 'error', database: 'unreachable', reason: 'Error' });
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('reports a failing query as unreachable too', async () => {
    const handle = await openDatabase({ dataDir: 'memory://', migrate: false });
    await handle.close();
    getDatabase.mockResolvedValue(handle);
    expect((await checkDatabase()).status).toBe('error');
  });
});
