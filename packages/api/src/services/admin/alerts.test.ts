import { adminAlerts, adminAudit, type DatabaseHandle, queryRows } from '@bithedge/db';
import { rerunMigration, testDatabaseTargets } from '@bithedge/db/testing';
import type { TRPCError } from '@trpc/server';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { appRouter } from '../../routers';
import { contextFor } from '../../test/context';
import { listAdminAlerts, raiseAdminAlert, resolveAdminAlert } from './alerts';

const ADMIN = 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM';
const T0 = new Date('2026-12-02T12:00:00Z');

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`admin alerts on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      for (let i = 1; i <= 5; i++)
        await raiseAdminAlert(handle.db, {
          kind: i % 2 ? 'withdrawal-deficit' : 'event-quarantined',
          message: `Alert ${i}`,
          data: { i },
        });
    });
    afterAll(() => handle?.close());

    const messages = (page: { alerts: { message: string }[] }) => page.alerts.map((a) => a.message);

    it('lists open alerts newest first in pages that neither repeat nor skip', async () => {
      const first = await listAdminAlerts(handle.db, { status: 'open', limit: 2 });
      expect(messages(first)).toEqual(['Alert 5', 'Alert 4']);
      expect(first.openCount).toBe(5);
      // One raised between the pages does not shift the next one.
      await raiseAdminAlert(handle.db, { kind: 'ledger-violation', message: 'Alert 6', data: {} });
      const second = await listAdminAlerts(handle.db, {
        status: 'open',
        limit: 2,
        cursor: first.nextCursor!,
      });
      expect(messages(second)).toEqual(['Alert 3', 'Alert 2']);
      const last = await listAdminAlerts(handle.db, { status: 'open', limit: 2, cursor: second.nextCursor! });
      expect(messages(last)).toEqual(['Alert 1']);
      expect(last.nextCursor).toBeNull();
    });

    it('resolves an alert once, audited with the note; it then leaves the open list only', async () => {
      const [alert] = (await listAdminAlerts(handle.db, { status: 'open', limit: 1 })).alerts;
      const resolved = await resolveAdminAlert(handle.db, {
        id: alert!.id,
        actor: ADMIN,
        note: 'Topped up the vault by hand',
        now: T0,
      });
      expect(resolved.resolvedAt).toEqual(T0);
      const again = await resolveAdminAlert(handle.db, {
        id: alert!.id,
        actor: ADMIN,
        note: 'twice',
        now: new Date(T0.getTime() + 1000),
      });
      expect(again.resolvedAt).toEqual(T0);
      const audit = await handle.db
        .select()
        .from(adminAudit)
        .where(eq(adminAudit.action, 'admin_alert.resolve'));
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actor: ADMIN,
        after: { note: 'Topped up the vault by hand' },
        before: { kind: alert!.kind, message: alert!.message },
      });
      const open = await listAdminAlerts(handle.db, { status: 'open', limit: 100 });
      expect(open.openCount).toBe(5);
      expect(messages(open)).not.toContain(alert!.message);
      const all = await listAdminAlerts(handle.db, { status: 'all', limit: 100 });
      expect(all.alerts.find((a) => a.id === alert!.id)?.resolvedAt).toEqual(T0);
    });

    it('refuses an unknown alert with NOT_FOUND naming the id, and a forged cursor with BAD_REQUEST', async () => {
      const unknown = resolveAdminAlert(handle.db, { id: 987_654n, actor: ADMIN, note: 'x', now: T0 });
      await expect(unknown).rejects.toThrow(AppError);
      await expect(unknown).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringMatching(/^id: /),
      });
      await expect(
        listAdminAlerts(handle.db, {
          status: 'open',
          limit: 5,
          cursor: Buffer.from('audit:3').toString('base64url'),
        }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect(await handle.db.$count(adminAlerts)).toBe(6);
    });

    it('refuses an id beyond int64 through the router with BAD_REQUEST naming id, not a 500', async () => {
      const caller = appRouter.createCaller(contextFor(handle, { principal: ADMIN, role: 'admin' }));
      const refusal = await caller.admin.resolveAlert({ id: 2n ** 63n, note: 'x' }).then(
        () => null,
        (e: TRPCError) => ({ code: e.code, message: e.message }),
      );
      expect(refusal?.code).toBe('BAD_REQUEST');
      expect(refusal?.message).toContain('id');
    });

    it('migration 0021 renames the alert kinds that were SHOUTED, open or resolved, and no other', async () => {
      const old = ['MARGIN_CALL', 'UNTRUSTED_SBTC_DEPOSIT', 'POLICY_UNALLOCATED', 'withdrawal-deficit'];
      const rows = await queryRows<{ id: string }>(
        handle.db,
        sql`
        insert into admin_alerts (kind, message, resolved_at)
        select k, 'migration 0021: ' || k, case when k = 'MARGIN_CALL' then now() end
        from unnest(${`{${old.join(',')}}`}::text[]) as k returning id`,
      );
      const ids = rows.map((r) => BigInt(r.id));
      await rerunMigration(handle.db, '0021_admin_alert_kinds');
      const after = await handle.db
        .select({ kind: adminAlerts.kind, message: adminAlerts.message })
        .from(adminAlerts)
        .where(inArray(adminAlerts.id, ids))
        .orderBy(adminAlerts.id);
      expect(after.map((a) => a.kind)).toEqual([
        'margin-call',
        'untrusted-sbtc-deposit',
        'policy-unallocated',
        'withdrawal-deficit',
      ]);
    });
  });
}
