import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RouterOutputs } from '@/trpc/types';
import {
  IngestionPanel,
  MarketDataPanel,
  OutboxPanel,
  ReconciliationPanel,
  StepsPanel,
  VaultCapsPendingPanel,
} from './operations-panels';

type Overview = RouterOutputs['admin']['operations'];
const AT = new Date('2026-12-02T11:50:00Z');
const totals = (balance: bigint) => ({ balance, locked: 0n });

/** Server-rendered markup of a panel: what the first HTML holds. */
const html = <P extends object>(component: (props: P) => unknown, props: P) =>
  renderToStaticMarkup(createElement(component as never, props as never));

describe('operations panels', () => {
  it('flag a failed step with its error, and a step never run', () => {
    const steps: Overview['steps'] = [
      {
        step: 'monitor-health',
        schedule: '* * * * *',
        description: 'recomputes health',
        lastRun: {
          startedAt: AT,
          finishedAt: AT,
          durationMs: 40,
          outcome: 'failed',
          result: null,
          error: 'prices are stale',
        },
        lastFailure: { at: AT, error: 'prices are stale' },
        failuresLast24h: 3,
      },
      {
        step: 'auth-cleanup',
        schedule: '17 3 * * *',
        description: 'x',
        lastRun: null,
        lastFailure: null,
        failuresLast24h: 0,
      },
    ];
    const markup = html(StepsPanel, { steps });
    expect(markup).toContain('1 step failed on the last run');
    expect(markup).toContain('role="alert"');
    expect(markup).toContain('Failed');
    expect(markup).toContain('prices are stale');
    expect(markup).toContain('Never run');
  });

  it('highlight a reconciliation mismatch in the error tone, with the open alert', () => {
    const reconciliation: Overview['reconciliation'] = {
      lastRun: { at: AT, outcome: 'succeeded', error: null, skipped: null },
      latest: {
        at: AT,
        source: 'stacks-node',
        atBlock: '0xbb',
        reconciled: false,
        tokens: [
          { token: 'STX', vault: totals(9n), mirror: totals(5n), ledger: totals(9n), reconciled: false },
          { token: 'SBTC', vault: totals(7n), mirror: totals(7n), ledger: totals(7n), reconciled: true },
        ],
      },
      openAlerts: [{ id: 1n, message: 'Vault, mirror and ledger disagree for STX', createdAt: AT }],
    };
    const markup = html(ReconciliationPanel, { reconciliation });
    expect(markup).toContain('Mismatch: STX');
    expect(markup).toContain('Vault, mirror and ledger disagree for STX');
    expect(markup).toContain('bg-danger-50');
    // The mirror's differing figure is in the error colour; the equal ledger is not.
    expect(markup).toMatch(/text-danger-700[^>]*><span[^>]*><span[^>]*>0\.000005 STX/);
    expect(markup).not.toMatch(/text-danger-700[^>]*><span[^>]*><span[^>]*>0\.000009 STX/);
  });

  it('mark a stale price, the ingestion lag and the deliveries, and empty states', () => {
    const prices: Overview['marketData'] = [
      {
        asset: 'BTC',
        observedAt: AT,
        source: 'pyth',
        priceUsd: 9_100_000_000_000n,
        ageSeconds: 60,
        stale: false,
      },
      { asset: 'STX', observedAt: null, source: null, priceUsd: null, ageSeconds: null, stale: true },
    ];
    const market = html(MarketDataPanel, { prices });
    expect(market).toContain('Stale prices: quoting is paused');
    expect(market).toContain('$91,000.00');
    expect(market).toContain('Fresh');

    const ingestion: Overview['ingestion'] = {
      lastBlock: { height: 11, hash: '0xbb', appliedAt: AT },
      tip: { height: 15, hash: '0xtip', source: 'stacks-node' },
      tipError: null,
      lagBlocks: 4,
      deliveries: [
        {
          id: 2n,
          receivedAt: AT,
          status: 'conflict',
          httpStatus: 409,
          appliedBlocks: 0,
          rolledBackBlocks: 0,
          newEvents: 0,
          duplicateEvents: 0,
          minHeight: 12,
          maxHeight: 12,
          error: 'conflicts with the applied block',
          durationMs: 3,
        },
      ],
    };
    const ingested = html(IngestionPanel, { ingestion });
    expect(ingested).toContain('4 blocks behind');
    expect(ingested).toContain('409 retry (409)');
    expect(
      html(IngestionPanel, { ingestion: { ...ingestion, tip: null, lagBlocks: null, deliveries: [] } }),
    ).toContain('No webhook delivery yet');
    expect(html(OutboxPanel, { outbox: [] })).toContain('No pending or failed operator transaction');
    expect(
      html(ReconciliationPanel, { reconciliation: { lastRun: null, latest: null, openAlerts: [] } }),
    ).toContain('No reconciliation yet');
  });

  it('name each vault cap the owner has yet to apply, and say when there is none', () => {
    const pending: Overview['vaultCapsPending'] = [
      {
        tier: 'balanced',
        token: 'STX',
        capacityLimit: 20_000_000_000_000n,
        targetCap: 20_000_000_000_000n,
        vaultCap: 10_000_000_000_000n,
        setBy: { txId: '0xab', blockHeight: 3 },
        inSync: false,
      },
    ];
    const shown = html(VaultCapsPendingPanel, { pending });
    expect(shown).toContain(
      'The vault still caps Balanced STX at 10,000,000 STX; the contract owner must apply 20,000,000 STX.',
    );
    expect(shown).toContain('href="#vault-caps-heading"');
    expect(html(VaultCapsPendingPanel, { pending: [] })).toContain('matches its published capacity');
  });
});
