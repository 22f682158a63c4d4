import { contractIds, watchedContracts } from '@bithedge/contracts';
import { chainhooksV2Payload, printBlock } from '@bithedge/contracts/simnet';
import {
  adminAlerts,
  chainEvents,
  type DatabaseHandle,
  ledgerEntries,
  openDatabase,
  webhookDeliveries,
} from '@bithedge/db';
import { Cl } from '@stacks/transactions';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handleVaultWebhook } from './vault-webhook';

const SECRET = 'webhook-secret-for-tests';
const ids = contractIds('devnet');
const WATCHED = watchedContracts(ids);
const provider = 'ST2JHG361ZXG51QTKY2NQCVBPPRRE2KZB1HR05NNC';
const deposit = (amount: bigint) =>
  Cl.tuple({
    event: Cl.stringAscii('deposit'),
    provider: Cl.principal(provider),
    token: Cl.stringAscii('STX'),
    amount: Cl.uint(amount),
    tier: Cl.stringAscii('balanced'),
  });

describe('vault webhook', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
  }, 60_000); // migrations on an embedded database
  afterAll(() => handle?.close());

  const post = (body: unknown, expected = {}) =>
    handleVaultWebhook(
      new Request('http://test/api/webhooks/vault', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { authorization: `Bearer ${SECRET}` },
      }),
      SECRET,
      WATCHED,
      async () => handle.db,
      expected,
    );
  const counts = async () => ({
    events: await handle.db.$count(chainEvents),
    entries: await handle.db.$count(ledgerEntries),
    alerts: await handle.db.$count(adminAlerts),
  });

  it('L3: a uint128-max amount answers 2xx, applies nothing of that event, and writes an alert', async () => {
    const block = printBlock(ids.vault, 1, 'l3', [[deposit(2n ** 128n - 1n)], [deposit(5_000_000n)]]);
    const response = await post({ apply: [block], rollback: [] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ quarantinedEvents: 1, newEvents: 1 });
    const entries = await handle.db.select().from(ledgerEntries);
    expect(entries.map((e) => [e.type, e.amount])).toEqual([['DEPOSIT', 5_000_000n]]);
    const alerts = await handle.db.select().from(adminAlerts);
    expect(alerts.map((a) => a.kind)).toEqual(['event-quarantined']);
    // Chainhook's retry of the same delivery is a 2xx no-op, not a loop.
    expect((await post({ apply: [block], rollback: [] })).status).toBe(200);
    expect(await handle.db.$count(adminAlerts)).toBe(1);
  });

  it('M7: a delivery for another network or from another chainhook is a 400 and writes nothing', async () => {
    const body = chainhooksV2Payload([printBlock(ids.vault, 2, 'm7', [[deposit(1_000n)]])] as never);
    const before = await counts();
    const wrongNetwork = await post(body, { network: 'mainnet' });
    expect(wrongNetwork.status).toBe(400);
    expect(((await wrongNetwork.json()) as { error: string }).error).toMatch(/network testnet/);
    const wrongHook = await post(body, { network: 'testnet', chainhookUuid: 'not-this-one' });
    expect(wrongHook.status).toBe(400);
    expect(((await wrongHook.json()) as { error: string }).error).toMatch(/chainhook/);
    expect(await counts()).toEqual(before);
    const right = await post(body, { network: 'testnet', chainhookUuid: body.chainhook.uuid });
    expect(right.status).toBe(200);
  });
});

describe('vault webhook deliveries are recorded', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
  }, 60_000);
  afterAll(() => handle?.close());

  const post = (body: unknown, authorization = `Bearer ${SECRET}`) =>
    handleVaultWebhook(
      new Request('http://test/api/webhooks/vault', {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { authorization },
      }),
      SECRET,
      WATCHED,
      async () => handle.db,
    );
  const recorded = () => handle.db.select().from(webhookDeliveries).orderBy(asc(webhookDeliveries.id));

  it('records applied, duplicate, 409 and 400 deliveries with their counts; never an unauthenticated one', async () => {
    const block = printBlock(ids.vault, 7, 'rec', [[deposit(1_000n)], [deposit(2_000n)]]);
    expect((await post({ apply: [block], rollback: [] })).status).toBe(200);
    expect((await post({ apply: [block], rollback: [] })).status).toBe(200);
    // Another block at the applied height: it cannot apply before the first is rolled back.
    const rival = printBlock(ids.vault, 7, 'rival', [[deposit(3_000n)]]);
    expect((await post({ apply: [rival], rollback: [] })).status).toBe(409);
    expect((await post({ apply: 'not blocks', rollback: [] })).status).toBe(400);
    expect((await post('{not json')).status).toBe(400);
    expect((await post({ apply: [block], rollback: [] }, 'Bearer wrong-secret-wrong')).status).toBe(401);
    const rows = await recorded();
    expect(rows.map((r) => [r.status, r.httpStatus])).toEqual([
      ['applied', 200],
      ['duplicate', 200],
      ['conflict', 409],
      ['rejected', 400],
      ['rejected', 400],
    ]);
    expect(rows[0]).toMatchObject({
      appliedBlocks: 1,
      newEvents: 2,
      duplicateEvents: 0,
      minHeight: 7,
      maxHeight: 7,
      error: null,
    });
    expect(rows[1]).toMatchObject({ appliedBlocks: 1, newEvents: 0, duplicateEvents: 2 });
    expect(rows[2]?.error).toMatch(/conflicts with the applied block/);
    expect(rows[2]).toMatchObject({ minHeight: 7, appliedBlocks: 0 });
    expect(rows[3]?.error).toMatch(/Malformed Chainhook payload/);
    expect(rows[4]?.error).toBe('The body is not JSON');
    for (const row of rows) expect(row.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records a body over the cap as rejected 413, and an unexpected error as failed 500 before it is rethrown', async () => {
    const before = (await recorded()).length;
    const huge = `{"apply":[],"rollback":[],"pad":"${'x'.repeat(4 * 1024 * 1024)}"}`;
    expect((await post(huge)).status).toBe(413);
    // The database fails for ingestion (first call) but is back for the record (second call).
    let calls = 0;
    const flaky = async () => {
      if (calls++ === 0) throw new Error('connection pool exhausted');
      return handle.db;
    };
    const block = printBlock(ids.vault, 9, 'flaky', [[deposit(1_000n)]]);
    const request = new Request('http://test/api/webhooks/vault', {
      method: 'POST',
      body: JSON.stringify({ apply: [block], rollback: [] }),
      headers: { authorization: `Bearer ${SECRET}` },
    });
    await expect(handleVaultWebhook(request, SECRET, WATCHED, flaky)).rejects.toThrow(
      'connection pool exhausted',
    );
    const rows = (await recorded()).slice(before);
    expect(rows.map((r) => [r.status, r.httpStatus, r.error?.slice(0, 40)])).toEqual([
      ['rejected', 413, 'The request body exceeds 4194304 bytes'],
      ['failed', 500, 'connection pool exhausted'],
    ]);
    expect(rows[1]).toMatchObject({ minHeight: 9, maxHeight: 9 });
  });

  it('a delivery whose record cannot be written still succeeds', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await handle.db.execute(sql`alter table webhook_deliveries rename to webhook_deliveries_away`);
    try {
      const block = printBlock(ids.vault, 8, 'unrecorded', [[deposit(4_000n)]]);
      const response = await post({ apply: [block], rollback: [] });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ newEvents: 1 });
      expect(errors).toHaveBeenCalledWith('vault webhook: could not record the delivery', expect.anything());
    } finally {
      await handle.db.execute(sql`alter table webhook_deliveries_away rename to webhook_deliveries`);
      errors.mockRestore();
    }
    expect(await handle.db.$count(chainEvents, sql`block_height = 8`)).toBe(1);
  });
});
