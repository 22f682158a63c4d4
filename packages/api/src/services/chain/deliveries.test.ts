import { type DatabaseHandle, webhookDeliveries } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryStatusOf, listWebhookDeliveries, recordWebhookDelivery } from './deliveries';
import type { IngestionResult } from './ingest';

const NOTHING: IngestionResult = {
  appliedBlocks: 1,
  rolledBackBlocks: 0,
  newEvents: 0,
  duplicateEvents: 0,
  rolledBackEvents: 0,
  quarantinedEvents: 0,
};

describe('deliveryStatusOf', () => {
  it('is duplicate only when every event was already stored', () => {
    expect(deliveryStatusOf({ ...NOTHING, duplicateEvents: 2 })).toBe('duplicate');
    expect(deliveryStatusOf({ ...NOTHING, duplicateEvents: 2, newEvents: 1 })).toBe('applied');
    expect(deliveryStatusOf({ ...NOTHING, duplicateEvents: 1, rolledBackBlocks: 1 })).toBe('applied');
    expect(deliveryStatusOf({ ...NOTHING, duplicateEvents: 1, quarantinedEvents: 1 })).toBe('applied');
    // A block with none of our events is news (its height is now applied), not a redelivery.
    expect(deliveryStatusOf(NOTHING)).toBe('applied');
  });
});

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`webhook delivery records on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(() => handle?.close());

    it('keeps the newest N, lists them newest first, and clips long errors', async () => {
      for (let i = 0; i < 5; i++)
        await recordWebhookDelivery(
          handle.db,
          {
            status: 'conflict',
            httpStatus: 409,
            heights: [10 + i, 12 + i],
            error: `e${i}`.padEnd(900, '!'),
            durationMs: i + 0.4,
          },
          3,
        );
      expect(await handle.db.$count(webhookDeliveries)).toBe(3);
      const listed = await listWebhookDeliveries(handle.db, 10);
      expect(listed.map((d) => d.error?.slice(0, 2))).toEqual(['e4', 'e3', 'e2']);
      expect(listed[0]).toMatchObject({ minHeight: 14, maxHeight: 16, durationMs: 4, httpStatus: 409 });
      expect(listed[0]?.error).toHaveLength(500);
      await expect(listWebhookDeliveries(handle.db, 0)).rejects.toThrow(/^limit:/);
    });
  });
}
