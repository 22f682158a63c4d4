import { adminAlerts, chainBlocks, type DatabaseHandle, type Token } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { Cl, cvToHex } from '@stacks/transactions';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stacksVaultReader, type VaultTotalsReader } from '../../adapters/vault-chain';
import { CRON_STEPS, type CronDeps, runScheduledStep } from '../jobs';
import { checkReconciliation, RECONCILIATION_ALERT } from './reconcile-check';

/** A chain whose vault reports whatever the test sets, and remembers the block it was read at. */
function fakeChain() {
  const totals: Record<Token, { balance: bigint; locked: bigint }> = {
    STX: { balance: 0n, locked: 0n },
    SBTC: { balance: 0n, locked: 0n },
  };
  const readAt: (string | null)[] = [];
  const reader: VaultTotalsReader = {
    source: 'fake-chain',
    async vaultTotals(token, at) {
      readAt.push(at?.blockHash ?? null);
      return { ...totals[token], atBlock: at?.blockHash ?? null };
    },
  };
  return { reader, totals, readAt };
}

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`the reconcile step on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(() => handle?.close());
    const alerts = () =>
      handle.db
        .select()
        .from(adminAlerts)
        .where(eq(adminAlerts.kind, RECONCILIATION_ALERT))
        .orderBy(asc(adminAlerts.id));

    it('alerts once per mismatch state, and resolves the alert when the books agree again', async () => {
      const chain = fakeChain();
      expect(await checkReconciliation(handle.db, chain.reader)).toMatchObject({
        reconciled: true,
        alert: 'none',
      });
      // The vault holds 5 micro-STX nothing ingested accounts for.
      chain.totals.STX = { balance: 5n, locked: 0n };
      const first = await checkReconciliation(handle.db, chain.reader);
      expect(first).toMatchObject({ source: 'fake-chain', reconciled: false, alert: 'raised' });
      expect(first.tokens.find((t) => t.token === 'STX')).toMatchObject({
        equal: false,
        vault: { balance: 5n },
      });
      // The same mismatch on the next runs: no new notification.
      expect((await checkReconciliation(handle.db, chain.reader)).alert).toBe('unchanged');
      expect((await checkReconciliation(handle.db, chain.reader)).alert).toBe('unchanged');
      let rows = await alerts();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        resolvedAt: null,
        data: { tokens: [{ token: 'STX', vault: { balance: '5', locked: '0' }, mirror: { balance: '0' } }] },
      });
      expect(rows[0]?.message).toMatch(/disagree for STX/);
      // A different mismatch is a new state: a new alert, the old one superseded.
      chain.totals.STX = { balance: 7n, locked: 2n };
      expect((await checkReconciliation(handle.db, chain.reader)).alert).toBe('raised');
      rows = await alerts();
      expect(rows.map((r) => r.resolvedAt === null)).toEqual([false, true]);
      // Equal again: resolved; and a later mismatch alerts again.
      chain.totals.STX = { balance: 0n, locked: 0n };
      expect((await checkReconciliation(handle.db, chain.reader)).alert).toBe('resolved');
      expect((await alerts()).every((r) => r.resolvedAt !== null)).toBe(true);
      chain.totals.SBTC = { balance: 1n, locked: 0n };
      expect((await checkReconciliation(handle.db, chain.reader)).alert).toBe('raised');
      expect(await alerts()).toHaveLength(3);
      chain.totals.SBTC = { balance: 0n, locked: 0n };
      await checkReconciliation(handle.db, chain.reader);
    });

    it('reads the vault at the last block ingestion applied', async () => {
      const chain = fakeChain();
      await handle.db.insert(chainBlocks).values([
        { hash: '0xaa', height: 10 },
        { hash: '0xbb', height: 11 },
        { hash: '0xcc', height: 12, status: 'ROLLED_BACK' },
      ]);
      const result = await checkReconciliation(handle.db, chain.reader);
      expect(chain.readAt).toEqual(['0xbb', '0xbb']);
      expect(result.atBlock).toBe('0xbb');
    });

    it('runs as a scheduled step, recorded; skipped with the reason when no chain is configured', async () => {
      const chain = fakeChain();
      chain.totals.STX = { balance: 9n, locked: 0n };
      const deps = { db: handle.db, now: new Date(), vaultReader: chain.reader } as unknown as CronDeps;
      const outcome = await runScheduledStep(handle.db, 'reconcile', deps, new Date('2026-12-02T10:00:00Z'));
      expect(outcome).toMatchObject({
        status: 'ran',
        run: { error: null, result: { reconciled: false, alert: 'raised', source: 'fake-chain' } },
      });
      // bigint figures are stored as strings.
      expect(JSON.stringify(outcome.run?.result)).toContain('"balance":"9"');
      const none = await CRON_STEPS.reconcile.run({ ...deps, vaultReader: null });
      expect(none).toEqual({ skipped: expect.stringMatching(/no chain to read the vault from/) });
    });
  });
}

describe('stacksVaultReader', () => {
  const ids = { vault: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM.liquidity-pool-vault' } as never;
  const answer = (balance: number, locked: number) =>
    Response.json({
      okay: true,
      result: cvToHex(Cl.tuple({ balance: Cl.uint(balance), locked: Cl.uint(locked) })),
    });

  it('calls get-totals at the given block, with the token as its argument', async () => {
    const calls: { url: string; body: unknown }[] = [];
    const reader = stacksVaultReader({
      ids,
      baseUrl: 'https://node.example',
      fetch: (async (url: URL, init: RequestInit) => {
        calls.push({ url: String(url), body: JSON.parse(String(init.body)) });
        return answer(1_500, 200);
      }) as typeof fetch,
    });
    expect(await reader.vaultTotals('STX', { blockHash: '0xabc' })).toEqual({
      balance: 1_500n,
      locked: 200n,
      atBlock: '0xabc',
    });
    expect(calls[0]?.url).toBe(
      'https://node.example/v2/contracts/call-read/ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM/liquidity-pool-vault/get-totals?tip=abc',
    );
    expect(calls[0]?.body).toEqual({
      sender: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM',
      arguments: [cvToHex(Cl.stringAscii('STX'))],
    });
  });

  it('falls back to the tip when the node does not know the block, and fails on a refusal', async () => {
    const reader = stacksVaultReader({
      ids,
      baseUrl: 'https://node.example',
      fetch: (async (url: URL) =>
        url.searchParams.has('tip')
          ? new Response('no such block', { status: 404 })
          : answer(3, 1)) as typeof fetch,
    });
    expect(await reader.vaultTotals('SBTC', { blockHash: '0xdead' })).toEqual({
      balance: 3n,
      locked: 1n,
      atBlock: null,
    });
    const refusing = stacksVaultReader({
      ids,
      baseUrl: 'https://node.example',
      fetch: (async () => Response.json({ okay: false, cause: 'Unchecked(NoSuchContract)' })) as typeof fetch,
    });
    await expect(refusing.vaultTotals('STX')).rejects.toThrow(/NoSuchContract/);
  });
});
