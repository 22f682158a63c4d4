import {
  adminAlerts,
  chainBlocks,
  type DatabaseHandle,
  DEFAULT_TIERS,
  jobRuns,
  marketData,
  operatorOutbox,
  seedTiers,
} from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainTipReader } from '../../adapters/chain-clock';
import { appRouter } from '../../routers';
import { contextFor } from '../../test/context';
import { recordWebhookDelivery } from '../chain/deliveries';
import { RECONCILIATION_ALERT } from '../chain/reconcile-check';
import { CRON_STEP_NAMES } from '../jobs';
import {
  getOperationsOverview,
  ingestionOverview,
  marketDataAges,
  pendingOutbox,
  reconciliationOverview,
  stepsOverview,
} from './operations';

const MINUTE = 60_000;
const T0 = new Date('2026-12-02T12:00:00Z');
const ago = (ms: number) => new Date(T0.getTime() - ms);
const HOUR = 60 * MINUTE;

const tipAt = (height: number): ChainTipReader => ({
  source: 'test-node',
  tip: async () => ({ height, hash: '0xtip' }),
});

/** A `reconcile` run's stored result, figures as decimal strings, as the runner writes it. */
function reconcileResult(stx: { vault: string; mirror: string; ledger: string }) {
  const t = (balance: string) => ({ balance, locked: '0' });
  return {
    source: 'stacks-node',
    atBlock: '0xbb',
    reconciled: stx.vault === stx.mirror && stx.mirror === stx.ledger,
    alert: 'raised',
    tokens: [
      {
        token: 'STX',
        vault: t(stx.vault),
        mirror: t(stx.mirror),
        ledger: t(stx.ledger),
        offChainCapital: '0',
        deficit: '0',
        equal: stx.vault === stx.mirror && stx.mirror === stx.ledger,
      },
      {
        token: 'SBTC',
        vault: t('7'),
        mirror: t('7'),
        ledger: t('7'),
        offChainCapital: '0',
        deficit: '0',
        equal: true,
      },
    ],
  };
}

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`the operations overview on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(() => handle?.close());

    const run = (step: string, startedAgoMs: number, fields: Partial<typeof jobRuns.$inferInsert> = {}) => ({
      step,
      slot: ago(startedAgoMs),
      trigger: 'scheduler' as const,
      instance: 'test:1',
      startedAt: ago(startedAgoMs),
      finishedAt: new Date(ago(startedAgoMs).getTime() + 250),
      ...fields,
    });

    it('lists every step with its last run, outcome, last failure and failures in the last 24 h', async () => {
      await handle.db.insert(jobRuns).values([
        run('market-data', 2 * MINUTE, { result: { stored: 2 } }),
        run('market-data', MINUTE, { result: { stored: 1 } }),
        // Failed twice today, once two days ago (outside the window); its latest run succeeded.
        run('monitor-health', 48 * HOUR, { error: 'old failure' }),
        run('monitor-health', 3 * HOUR, { error: 'prices are stale' }),
        run('monitor-health', 2 * HOUR, { error: 'connection reset' }),
        run('monitor-health', HOUR, { result: { checked: 3 } }),
        run('operate-vault', MINUTE, { result: { skipped: 'no vault operator is configured' } }),
        run('expire-quotes', 30_000, { finishedAt: null }),
      ]);
      const steps = await stepsOverview(handle.db, T0);
      expect(steps.map((s) => s.step)).toEqual(CRON_STEP_NAMES);
      const of = (name: string) => steps.find((s) => s.step === name);
      expect(of('market-data')).toMatchObject({
        schedule: '* * * * *',
        description: expect.stringMatching(/price/),
        lastRun: { outcome: 'succeeded', durationMs: 250, result: { stored: 1 }, startedAt: ago(MINUTE) },
        lastFailure: null,
        failuresLast24h: 0,
      });
      expect(of('monitor-health')).toMatchObject({
        lastRun: { outcome: 'succeeded' },
        lastFailure: { at: ago(2 * HOUR), error: 'connection reset' },
        failuresLast24h: 2,
      });
      expect(of('operate-vault')?.lastRun?.outcome).toBe('skipped');
      expect(of('expire-quotes')?.lastRun).toMatchObject({ outcome: 'running', durationMs: null });
      expect(of('auth-cleanup')).toMatchObject({ lastRun: null, lastFailure: null, failuresLast24h: 0 });
    });

    it("shows the operator's pending transactions and subjects whose latest attempt failed", async () => {
      const row = (action: string, subject: string, status: string, minutesAgo: number, extra = {}) => ({
        action,
        subject,
        status,
        txId: `0x${subject}${minutesAgo}`,
        createdAt: ago(minutesAgo * MINUTE),
        ...extra,
      });
      await handle.db.insert(operatorOutbox).values([
        row('settle', '1', 'PENDING', 5),
        row('lock', '2', 'FAILED', 20, { attempts: 2, error: 'ConflictingNonceInMempool' }),
        // Failed, then confirmed by a later attempt: history, not shown.
        row('lock', '3', 'FAILED', 30, { attempts: 1, error: 'timeout' }),
        row('lock', '3', 'CONFIRMED', 25),
        row('release', '4', 'DROPPED', 10, { attempts: 1, error: 'dropped from the mempool' }),
        row('release', '5', 'CONFIRMED', 3),
      ]);
      const outbox = await pendingOutbox(handle.db, T0);
      expect(outbox.map((o) => [o.kind, o.subject, o.status])).toEqual([
        ['lock', '2', 'FAILED'],
        ['release', '4', 'DROPPED'],
        ['settle', '1', 'PENDING'],
      ]);
      expect(outbox[0]).toMatchObject({
        attempts: 2,
        lastError: 'ConflictingNonceInMempool',
        ageSeconds: 1200,
      });
      expect(outbox[2]).toMatchObject({ txId: '0x15', lastError: null, ageSeconds: 300 });
    });

    it('measures ingestion lag against the node tip, without a node, and when the node fails or hangs', async () => {
      await handle.db.insert(chainBlocks).values([
        { hash: '0xaa', height: 10, appliedAt: ago(20 * MINUTE) },
        { hash: '0xbb', height: 11, appliedAt: ago(10 * MINUTE) },
        { hash: '0xcc', height: 12, status: 'ROLLED_BACK', appliedAt: ago(5 * MINUTE) },
      ]);
      await recordWebhookDelivery(handle.db, {
        status: 'applied',
        httpStatus: 200,
        heights: [11],
        durationMs: 12,
      });
      await recordWebhookDelivery(handle.db, {
        status: 'conflict',
        httpStatus: 409,
        error: 'later',
        durationMs: 3,
      });
      const withNode = await ingestionOverview(handle.db, { chainTip: tipAt(15) });
      expect(withNode).toMatchObject({
        lastBlock: { height: 11, hash: '0xbb', appliedAt: ago(10 * MINUTE) },
        tip: { height: 15, hash: '0xtip', source: 'test-node' },
        tipError: null,
        lagBlocks: 4,
      });
      expect(withNode.deliveries.map((d) => [d.status, d.httpStatus])).toEqual([
        ['conflict', 409],
        ['applied', 200],
      ]);
      expect(await ingestionOverview(handle.db, { chainTip: null })).toMatchObject({
        lastBlock: { height: 11 },
        tip: null,
        tipError: null,
        lagBlocks: null,
      });
      const failing: ChainTipReader = {
        source: 'test-node',
        tip: async () => {
          throw new Error('Stacks node answered HTTP 502 for /v2/info');
        },
      };
      expect(await ingestionOverview(handle.db, { chainTip: failing })).toMatchObject({
        tip: null,
        tipError: 'Stacks node answered HTTP 502 for /v2/info',
        lagBlocks: null,
      });
      const hanging: ChainTipReader = { source: 'test-node', tip: () => new Promise(() => {}) };
      const hung = await ingestionOverview(handle.db, { chainTip: hanging, tipTimeoutMs: 50 });
      expect(hung).toMatchObject({ tip: null, tipError: 'no answer within 50 ms' });
    });

    it('ages each asset’s latest price and flags the stale one', async () => {
      await handle.db.insert(marketData).values([
        { asset: 'BTC', priceUsd: 9_000_000_000_000n, source: 'pyth', observedAt: ago(20 * MINUTE) },
        { asset: 'BTC', priceUsd: 9_100_000_000_000n, source: 'pyth', observedAt: ago(MINUTE) },
        { asset: 'STX', priceUsd: 150_000_000n, source: 'pyth', observedAt: ago(16 * MINUTE) },
      ]);
      expect(await marketDataAges(handle.db, T0, 15 * MINUTE)).toEqual([
        {
          asset: 'BTC',
          priceUsd: 9_100_000_000_000n,
          source: 'pyth',
          observedAt: ago(MINUTE),
          ageSeconds: 60,
          stale: false,
        },
        {
          asset: 'STX',
          priceUsd: 150_000_000n,
          source: 'pyth',
          observedAt: ago(16 * MINUTE),
          ageSeconds: 960,
          stale: true,
        },
      ]);
    });

    it('shows the latest reconciliation per token with the mismatch, the open alert, and a later failed run', async () => {
      expect(await reconciliationOverview(handle.db)).toEqual({
        lastRun: null,
        latest: null,
        openAlerts: [],
      });
      await handle.db.insert(jobRuns).values([
        run('reconcile', 30 * MINUTE, {
          result: reconcileResult({ vault: '5', mirror: '5', ledger: '5' }),
        }),
        run('reconcile', 20 * MINUTE, {
          result: reconcileResult({ vault: '9', mirror: '5', ledger: '5' }),
        }),
        run('reconcile', 10 * MINUTE, { error: 'Stacks node answered HTTP 503 for get-totals' }),
      ]);
      await handle.db.insert(adminAlerts).values([
        {
          kind: RECONCILIATION_ALERT,
          message: 'old',
          resolvedAt: ago(25 * MINUTE),
          createdAt: ago(40 * MINUTE),
        },
        { kind: RECONCILIATION_ALERT, message: 'Vault, mirror and ledger disagree for STX' },
        { kind: 'withdrawal-deficit', message: 'not this kind' },
      ]);
      const overview = await reconciliationOverview(handle.db);
      expect(overview.lastRun).toEqual({
        at: ago(10 * MINUTE),
        outcome: 'failed',
        error: 'Stacks node answered HTTP 503 for get-totals',
        skipped: null,
      });
      expect(overview.latest).toEqual({
        at: ago(20 * MINUTE),
        source: 'stacks-node',
        atBlock: '0xbb',
        reconciled: false,
        tokens: [
          {
            token: 'STX',
            vault: { balance: 9n, locked: 0n },
            mirror: { balance: 5n, locked: 0n },
            ledger: { balance: 5n, locked: 0n },
            reconciled: false,
          },
          {
            token: 'SBTC',
            vault: { balance: 7n, locked: 0n },
            mirror: { balance: 7n, locked: 0n },
            ledger: { balance: 7n, locked: 0n },
            reconciled: true,
          },
        ],
      });
      expect(overview.openAlerts.map((a) => a.message)).toEqual([
        'Vault, mirror and ledger disagree for STX',
      ]);
    });

    it('composes every part in one call, and is refused to a non-admin', async () => {
      // Its own database, so this test stands alone: one stale price, one block behind the tip.
      const own = await target.open();
      try {
        await own.db.insert(chainBlocks).values({ hash: '0x0b', height: 11 });
        await own.db
          .insert(marketData)
          .values({ asset: 'STX', priceUsd: 1n, source: 'test', observedAt: ago(16 * MINUTE) });
        await own.db.insert(operatorOutbox).values({ action: 'settle', subject: '9', status: 'PENDING' });
        await seedTiers(own.db);
        const overview = await getOperationsOverview(own.db, {
          now: T0,
          maxPriceAgeMs: 15 * MINUTE,
          chainTip: tipAt(12),
        });
        expect(overview.generatedAt).toEqual(T0);
        expect(overview.steps).toHaveLength(CRON_STEP_NAMES.length);
        expect(overview.ingestion.lagBlocks).toBe(1);
        expect(overview.marketData.map((m) => [m.asset, m.stale, m.ageSeconds])).toEqual([
          ['BTC', true, null],
          ['STX', true, 960],
        ]);
        expect(overview.outbox.map((o) => o.subject)).toEqual(['9']);
        expect(overview.reconciliation).toEqual({ lastRun: null, latest: null, openAlerts: [] });
        // No tier-cap event ingested: the vault caps nothing, so every published capacity waits.
        expect(overview.vaultCapsPending).toHaveLength(DEFAULT_TIERS.length);
        expect(overview.vaultCapsPending.every((c) => c.vaultCap === null)).toBe(true);

        const caller = (role: 'admin' | 'user') =>
          appRouter.createCaller(contextFor(own, { principal: 'ST1ADMIN', role }));
        const viaRouter = await caller('admin').admin.operations();
        expect(viaRouter.steps).toHaveLength(CRON_STEP_NAMES.length);
        // The test context configures no node: the tip is unknown, not an error.
        expect(viaRouter.ingestion).toMatchObject({ tip: null, tipError: null, lagBlocks: null });
        await expect(caller('user').admin.operations()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      } finally {
        await own.close();
      }
    });
  });
}
