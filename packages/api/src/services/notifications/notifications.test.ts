import { type DatabaseHandle, notifications } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotifications, markNotificationsRead, unreadNotificationCount } from './notifications';

const ALICE = 'ST1ALICE';
const BOB = 'ST1BOB';
const NOW = new Date('2026-12-01T12:00:00Z');

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`notifications on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await handle.db.insert(notifications).values(
        Array.from({ length: 7 }, (_, i) => ({
          principal: i === 3 ? BOB : ALICE,
          kind: 'HEALTH_WARNING',
          title: `n${i}`,
          body: `body ${i}`,
        })),
      );
    });
    afterAll(() => handle?.close());

    it("lists only the principal's own, newest first, in cursor pages that do not shift", async () => {
      const first = await listNotifications(handle.db, ALICE, { limit: 4 });
      expect(first.items.map((n) => n.title)).toEqual(['n6', 'n5', 'n4', 'n2']);
      expect(first.unread).toBe(6);
      // A notification written between pages does not move the next page.
      await handle.db.insert(notifications).values({ principal: ALICE, kind: 'X', title: 'n7', body: '' });
      const second = await listNotifications(handle.db, ALICE, {
        limit: 4,
        cursor: BigInt(first.nextCursor!),
      });
      expect(second.items.map((n) => n.title)).toEqual(['n1', 'n0']);
      expect(second.nextCursor).toBeNull();
    });

    it('marks read only its own; marking twice changes nothing', async () => {
      const bobs = await listNotifications(handle.db, BOB, { limit: 10 });
      const bobsId = BigInt(bobs.items[0]!.id);
      expect(await markNotificationsRead(handle.db, ALICE, { ids: [bobsId], now: NOW })).toEqual({
        marked: 0,
      });
      expect(await unreadNotificationCount(handle.db, BOB)).toBe(1);
      const alices = await listNotifications(handle.db, ALICE, { limit: 2 });
      const ids = alices.items.map((n) => BigInt(n.id));
      expect(await markNotificationsRead(handle.db, ALICE, { ids, now: NOW })).toEqual({ marked: 2 });
      expect(await markNotificationsRead(handle.db, ALICE, { ids, now: NOW })).toEqual({ marked: 0 });
      expect(await unreadNotificationCount(handle.db, ALICE)).toBe(5);
      const unread = await listNotifications(handle.db, ALICE, { limit: 10, unreadOnly: true });
      expect(unread.items).toHaveLength(5);
      expect(await markNotificationsRead(handle.db, ALICE, { now: NOW })).toEqual({ marked: 5 });
      expect(await unreadNotificationCount(handle.db, ALICE)).toBe(0);
      expect(await unreadNotificationCount(handle.db, BOB)).toBe(1);
    });
  });
}
