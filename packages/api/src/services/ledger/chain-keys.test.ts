import type { DatabaseHandle } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestPolicies } from '../../test/policies';
import { type ChainEventRef, chainEventHistory, deposit, lockCollateral, reverseChainEvent } from './index';

/*
 * A re-org finds the entries one event caused in one block by their keys' prefixes (index ranges):
 * every kind of effect and its reversal, and nothing of an event whose key merely looks alike.
 */
const PROVIDER = 'ST2JHG361ZXG51QTKY2NQCVBPPRRE2KZB1HR05NNC';
// `_` is LIKE's one-character wildcard: the lookalike matches the first's pattern unless escaped,
// and must not count as its history either way.
const EVENT: ChainEventRef = { txId: '0xa_1', eventIndex: 0, blockHash: '0xb1' };
const LOOKALIKE: ChainEventRef = { txId: '0xaZ1', eventIndex: 0, blockHash: '0xb1' };

const depositAt = (ref: ChainEventRef, amount: bigint, chainCycle = 1) =>
  deposit(handleOf().db, {
    principal: PROVIDER,
    tier: 'balanced',
    token: 'STX',
    amount,
    chainTxId: ref.txId,
    chainEventIndex: ref.eventIndex,
    chainBlockHash: ref.blockHash,
    chainCycle,
  });

let handle: DatabaseHandle | undefined;
const handleOf = () => handle!;

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`ledger: chain event history on ${target.label}`, () => {
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(() => handle?.close());

    it("finds an event's entries of every kind, not a lookalike's, and reverses exactly them", async () => {
      const { db } = handleOf();
      const [policyId] = (await insertTestPolicies(db, 1)) as [number];
      const first = await depositAt(EVENT, 500n);
      await depositAt(LOOKALIKE, 700n);
      const providerId = first.entries[0]!.providerId;
      await lockCollateral(db, {
        policyId,
        token: 'STX',
        parts: [{ providerId, amount: 100n }],
        chainEvent: { ref: EVENT, cycle: 1 },
      });

      const history = await chainEventHistory(db, EVENT);
      expect(history.lastCycle).toBe(1);
      expect(history.live.map((e) => [e.type, e.amount]).sort()).toEqual([
        ['DEPOSIT', 500n],
        ['LOCK', 100n],
      ]);

      const reversed = await reverseChainEvent(db, EVENT);
      expect(reversed.entries.map((e) => e.type).sort()).toEqual(['CHAIN_REVERSAL', 'DEPOSIT_REVERSAL']);
      expect((await chainEventHistory(db, EVENT)).live).toEqual([]);
      expect((await chainEventHistory(db, LOOKALIKE)).live.map((e) => e.amount)).toEqual([700n]);

      // The block applied again is the event's second cycle, and only that cycle is live.
      await depositAt(EVENT, 500n, 2);
      const again = await chainEventHistory(db, EVENT);
      expect(again.lastCycle).toBe(2);
      expect(again.live.map((e) => e.idempotencyKey)).toEqual(['deposit:0xa_1:0@0xb1#2']);
    });
  });
}
