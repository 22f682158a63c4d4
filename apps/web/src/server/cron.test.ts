import { type CronDeps, listJobRuns } from '@bithedge/api';
import { type DatabaseHandle, jobRuns, openDatabase } from '@bithedge/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCron } from './cron';

const SECRET = 'cron-test-secret-0123456789';
const AUTH = `Bearer ${SECRET}`;

describe('/api/cron/<step> runs', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
  }, 60_000);
  afterAll(() => handle?.close());
  const call = (step: string, now: Date, extra: Partial<CronDeps> = {}) =>
    handleCron(
      AUTH,
      step,
      SECRET,
      async () => ({ db: handle.db, now, vaultReader: null, ...extra }) as CronDeps,
    );

  it('runs the step for its current slot and records it; a retry in the slot answers the recorded run', async () => {
    // expire-quotes runs every 15 minutes: 10:47 belongs to the 10:45 slot.
    const first = await call('expire-quotes', new Date('2026-12-02T10:47:12Z'));
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({ step: 'expire-quotes', expired: 0, slot: '2026-12-02T10:45:00.000Z' });
    expect(body.replayed).toBeUndefined();
    const retry = await call('expire-quotes', new Date('2026-12-02T10:59:59Z'));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ expired: 0, run: body.run, replayed: true });
    const next = await call('expire-quotes', new Date('2026-12-02T11:00:00Z'));
    expect((await next.json()).slot).toBe('2026-12-02T11:00:00.000Z');
    const runs = await listJobRuns(handle.db, { step: 'expire-quotes' });
    expect(runs.map((r) => r.trigger)).toEqual(['route', 'route']);
  });

  it('answers 500 with the error when the step fails, then 409 for the failed slot', async () => {
    const broken = {
      vaultReader: {
        source: 'broken-node',
        vaultTotals: async () => {
          throw new Error('the node answered HTTP 502');
        },
      },
    };
    const failed = await call('reconcile', new Date('2026-12-02T10:05:00Z'), broken);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ step: 'reconcile', error: 'the node answered HTTP 502' });
    const again = await call('reconcile', new Date('2026-12-02T10:09:00Z'), broken);
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatch(/already ran and failed: the node answered HTTP 502/);
  });

  it('answers 409 while another run of the step is in progress', async () => {
    await handle.db.insert(jobRuns).values({
      step: 'snapshot-pool',
      slot: new Date('2026-12-02T10:00:00Z'),
      trigger: 'scheduler',
      instance: 'b',
    });
    const busy = await call('snapshot-pool', new Date('2026-12-02T10:06:00Z'));
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({
      error: 'an earlier run of this step is still in progress',
      slot: '2026-12-02T10:00:00.000Z',
    });
  });

  it('refuses without the secret and for an unknown step, recording nothing', async () => {
    const before = (await listJobRuns(handle.db, { limit: 500 })).length;
    expect((await handleCron(null, 'expire-quotes', SECRET, async () => ({}) as CronDeps)).status).toBe(401);
    expect((await handleCron(AUTH, 'nope', SECRET, async () => ({}) as CronDeps)).status).toBe(404);
    expect((await listJobRuns(handle.db, { limit: 500 })).length).toBe(before);
  });
});
