import { randomUUID } from 'node:crypto';
import { type DatabaseHandle, openDatabase, providers } from '@bithedge/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../context';
import { devnetAccount } from '../devnet-accounts';
import { accruePremium, deposit, earnPremium } from '../services/ledger';
import { callHttp, contextFor } from '../test/context';
import { insertTestPolicies } from '../test/policies';
import { appRouter, createCaller } from '.';

const alice: Session = { principal: devnetAccount('wallet_1').address, role: 'user' };

describe('provider withdrawals', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await deposit(handle.db, {
      principal: alice.principal,
      tier: 'balanced',
      token: 'STX',
      amount: 5_000_000n,
      chainTxId: '0x01',
      chainEventIndex: 0,
    });
  });
  afterAll(() => handle?.close());
  const caller = () => createCaller(contextFor(handle, alice));

  it.each([
    [{ amount: '-5' }, 'amount'],
    [{ amount: '0' }, 'amount'],
    [{ amount: '1.5' }, 'amount'],
    [{ amount: 5 }, 'amount'],
    [{ token: 'DOGE' }, 'token'],
    [{ requestId: 'r1' }, 'requestId'],
  ])('refuses %j with BAD_REQUEST naming the field, writing nothing', async (patch, field) => {
    const input = { token: 'STX', amount: '1000', requestId: randomUUID(), ...patch };
    const res = await callHttp(
      appRouter,
      contextFor(handle, alice),
      'provider.requestWithdrawal',
      input,
      'POST',
    );
    expect(res.status).toBe(400);
    const error = res.body.error?.json as { data: { code: string; zodIssues: { path: string[] }[] } };
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual([field]);
    expect(await caller().provider.withdrawals()).toEqual([]);
  });

  it('L4: refuses an amount above 2^63−1 with BAD_REQUEST naming amount, not a 500', async () => {
    for (const amount of ['9223372036854775808', '1000000000000000000000000000000']) {
      const res = await callHttp(
        appRouter,
        contextFor(handle, alice),
        'provider.requestWithdrawal',
        { token: 'STX', amount, requestId: randomUUID() },
        'POST',
      );
      expect(res.status).toBe(400);
      const error = res.body.error?.json as { data: { code: string; zodIssues: { path: string[] }[] } };
      expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual(['amount']);
    }
    expect(await caller().provider.withdrawals()).toEqual([]);
  });

  it('reserves once per request id, never beyond the available balance, and cancels', async () => {
    const requestId = randomUUID();
    const first = await caller().provider.requestWithdrawal({ token: 'STX', amount: '2000000', requestId });
    const retry = await caller().provider.requestWithdrawal({ token: 'STX', amount: '2000000', requestId });
    expect([first.applied, retry.applied]).toEqual([true, false]);
    await expect(
      caller().provider.requestWithdrawal({ token: 'STX', amount: '3000001', requestId: randomUUID() }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await caller().provider.withdrawals()).toEqual([
      {
        principal: alice.principal,
        token: 'STX',
        pending: 2_000_000n,
        authorized: 0n,
        cancelling: false,
        target: 2_000_000n,
      },
    ]);
    const cancelled = await caller().provider.cancelWithdrawal({ token: 'STX', requestId: randomUUID() });
    expect(cancelled).toMatchObject({ applied: true, state: 'CANCELLED', amount: 2_000_000n });
    await expect(
      caller().provider.cancelWithdrawal({ token: 'STX', requestId: randomUUID() }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await caller().provider.portfolio())?.balances[0]).toMatchObject({
      available: 5_000_000n,
      pendingWithdrawal: 0n,
    });
  });

  it('claims earned premium into the available balance, once, and refuses when nothing is earned', async () => {
    await expect(
      caller().provider.claimPremiums({ token: 'STX', requestId: randomUUID() }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const [policyId] = await insertTestPolicies(handle.db, 1);
    const [row] = await handle.db.select().from(providers).where(eq(providers.principal, alice.principal));
    const shares = {
      policyId: policyId!,
      token: 'STX' as const,
      parts: [{ providerId: row!.id, amount: 1_234n }],
    };
    await accruePremium(handle.db, shares);
    await earnPremium(handle.db, shares);
    const requestId = randomUUID();
    expect(await caller().provider.claimPremiums({ token: 'STX', requestId })).toMatchObject({
      applied: true,
      amount: 1_234n,
    });
    expect(await caller().provider.claimPremiums({ token: 'STX', requestId })).toMatchObject({
      applied: false,
    });
    expect((await caller().provider.portfolio())?.balances[0]).toMatchObject({
      available: 5_000_000n + 1_234n,
      earnedPremiums: 0n,
      claimedPremiums: 1_234n,
    });
  });

  it.each([
    ['provider.premiums', { token: 'DOGE' }, 'token'],
    ['provider.premiums', { limit: 0 }, 'limit'],
    ['provider.premiums', { limit: 101 }, 'limit'],
    ['provider.premiums', { cursor: 'abc' }, 'cursor'],
    ['provider.premiums', { cursor: '99999999999999999999' }, 'cursor'],
    ['provider.claimPremiums', { token: 'DOGE', requestId: randomUUID() }, 'token'],
    ['provider.claimPremiums', { requestId: 'r1' }, 'requestId'],
  ])('%s refuses %j with BAD_REQUEST naming the field', async (path, input, field) => {
    const res = await callHttp(
      appRouter,
      contextFor(handle, alice),
      path,
      input,
      path === 'provider.premiums' ? 'GET' : 'POST',
    );
    expect(res.status).toBe(400);
    const error = res.body.error?.json as { data: { code: string; zodIssues: { path: string[] }[] } };
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual([field]);
  });

  it('lists own premiums and claims all without a token; nothing earned is PRECONDITION_FAILED', async () => {
    const view = await caller().provider.premiums();
    expect(view.totals.map((t) => [t.token, t.claimed])).toEqual([['STX', 1_234n]]);
    expect(view.history.items.map((h) => h.kind)).toEqual(['claimed', 'earned']);
    await expect(caller().provider.claimPremiums({ requestId: randomUUID() })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    const [policyId] = await insertTestPolicies(handle.db, 1);
    const [row] = await handle.db.select().from(providers).where(eq(providers.principal, alice.principal));
    const shares = {
      policyId: policyId!,
      token: 'STX' as const,
      parts: [{ providerId: row!.id, amount: 66n }],
    };
    await accruePremium(handle.db, shares);
    await earnPremium(handle.db, shares);
    const requestId = randomUUID();
    const all = await caller().provider.claimPremiums({ requestId });
    expect(all).toMatchObject({ applied: true, token: null, claims: [{ token: 'STX', amount: 66n }] });
    expect(await caller().provider.claimPremiums({ requestId })).toMatchObject({ applied: false });
  });
});

describe('provider views: bad input', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(() => handle?.close());

  it.each([
    ['provider.transactions', { limit: 101 }, 'limit'],
    ['provider.transactions', { limit: 0 }, 'limit'],
    ['provider.transactions', { limit: 2.5 }, 'limit'],
    ['provider.transactions', { kind: 'LOCK' }, 'kind'],
    ['provider.transactions', { token: 'DOGE' }, 'token'],
    ['provider.transactions', { cursor: 'x'.repeat(101) }, 'cursor'],
    ['provider.allocations', { limit: 1000 }, 'limit'],
    ['provider.allocations', { status: 'ACTIVE' }, 'status'],
    ['provider.allocations', { token: 'stx' }, 'token'],
  ])('%s refuses %j with BAD_REQUEST naming the field', async (path, input, field) => {
    const res = await callHttp(appRouter, contextFor(handle, alice), path, input, 'GET');
    expect(res.status).toBe(400);
    const error = res.body.error?.json as { data: { code: string; zodIssues: { path: string[] }[] } };
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual([field]);
  });

  it.each([
    ['provider.transactions', 'not-a-cursor'],
    ['provider.transactions', Buffer.from('alloc:5').toString('base64url')],
    ['provider.allocations', Buffer.from('tx:5').toString('base64url')],
    ['provider.allocations', Buffer.from('alloc:0').toString('base64url')],
  ])('%s refuses the malformed cursor %s with BAD_REQUEST naming cursor', async (path, cursor) => {
    const res = await callHttp(appRouter, contextFor(handle, alice), path, { limit: 5, cursor }, 'GET');
    expect(res.status).toBe(400);
    const error = res.body.error?.json as { message: string; data: { code: string } };
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^cursor/);
  });
});
