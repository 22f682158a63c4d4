import { type DatabaseHandle, openDatabase } from '@bithedge/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors';
import { callHttp, contextFor } from './test/context';
import { publicProcedure, router } from './trpc';

const testRouter = router({
  echo: publicProcedure
    .input(z.object({ amount: z.bigint().positive(), days: z.int().min(1) }))
    .query(({ input }) => input),
  refuse: publicProcedure.query(() => {
    throw new AppError('INSUFFICIENT_FUNDS', 'Withdrawal of 5 exceeds the available 3');
  }),
  crash: publicProcedure.query(() => {
    throw new Error('connection string postgres://secret@db leaked');
  }),
});

describe('tRPC error formatting', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://', migrate: false });
  });
  afterAll(() => handle.close());

  it('round-trips bigint through superjson', async () => {
    const res = await callHttp(testRouter, contextFor(handle), 'echo', { amount: 2n ** 70n, days: 3 });
    expect(res.status).toBe(200);
    expect(res.body.result?.data).toMatchObject({ json: { amount: (2n ** 70n).toString(), days: 3 } });
  });

  it('answers bad input with BAD_REQUEST and the zod issue naming the field', async () => {
    const res = await callHttp(testRouter, contextFor(handle), 'echo', { amount: -1n, days: 0 });
    expect(res.status).toBe(400);
    const error = res.body.error?.json as {
      data: { code: string; zodIssues: { path: string[] }[]; fieldErrors: object };
    };
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.zodIssues.map((i) => i.path.join('.')).sort()).toEqual(['amount', 'days']);
    expect(Object.keys(error.data.fieldErrors).sort()).toEqual(['amount', 'days']);
  });

  it('maps a domain error to its transport code with the domain code and message', async () => {
    const res = await callHttp(testRouter, contextFor(handle), 'refuse');
    expect(res.status).toBe(412);
    const error = res.body.error?.json as { message: string; data: { code: string; appCode: string } };
    expect(error.message).toBe('Withdrawal of 5 exceeds the available 3');
    expect(error.data).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'INSUFFICIENT_FUNDS' });
  });

  it('hides the message and stack of unexpected errors', async () => {
    const res = await callHttp(testRouter, contextFor(handle), 'crash');
    expect(res.status).toBe(500);
    const error = res.body.error?.json as { message: string; data: { stack?: string } };
    expect(error.message).toBe('Internal server error');
    expect(error.data.stack).toBeUndefined();
  });
});
