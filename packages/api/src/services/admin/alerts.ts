import { type AdminAlertKind, adminAlerts, type Database, type Executor } from '@bithedge/db';
import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import { AppError } from '../../errors';
import { decodePageCursor, encodePageCursor } from '../liquidity/page-cursor';
import { recordAdminAction } from './audit';

/**
 * Records an on-chain fact the backend could not follow as it should (a withdrawal beyond what the
 * ledger held, an event out of range, a deposit in an unexpected token, a policy the ledger could
 * not back) for the people who run the pool. Ingestion records these instead of refusing the
 * delivery: a refused delivery would be retried for ever and hold back every later block.
 */
export async function raiseAdminAlert(
  tx: Executor,
  alert: { kind: AdminAlertKind; message: string; data: Record<string, unknown> },
): Promise<void> {
  await tx.insert(adminAlerts).values(alert);
}

export type AdminAlert = typeof adminAlerts.$inferSelect;

/** A problem a periodic check found, identified by a fingerprint of what it found. */
export interface CheckedProblem {
  fingerprint: string;
  message: string;
  data: Record<string, unknown>;
}

/**
 * Keeps one open alert of `kind` per state of a problem a periodic check looks for: while the
 * check finds the same problem (the same fingerprint) the open alert stands and nothing new is
 * raised; a different problem resolves it and raises a new one; no problem resolves it. So admins
 * see one alert per distinct problem, not one per run.
 */
export async function syncAdminAlert(
  tx: Executor,
  kind: AdminAlertKind,
  problem: CheckedProblem | null,
): Promise<'raised' | 'unchanged' | 'resolved' | 'none'> {
  const openOfKind = and(eq(adminAlerts.kind, kind), isNull(adminAlerts.resolvedAt));
  const open = await tx.select({ data: adminAlerts.data }).from(adminAlerts).where(openOfKind);
  const resolveOpen = () => tx.update(adminAlerts).set({ resolvedAt: new Date() }).where(openOfKind);
  if (!problem) {
    if (open.length === 0) return 'none';
    await resolveOpen();
    return 'resolved';
  }
  if (open.some((a) => (a.data as { fingerprint?: string } | null)?.fingerprint === problem.fingerprint))
    return 'unchanged';
  await resolveOpen();
  await raiseAdminAlert(tx, {
    kind,
    message: problem.message,
    data: { fingerprint: problem.fingerprint, ...problem.data },
  });
  return 'raised';
}

export interface AdminAlertPage {
  alerts: AdminAlert[];
  /** How many alerts are open in all (the page shows at most `limit`). */
  openCount: number;
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * The alerts newest first — the open ones, or all of them — in keyset pages on the id (ids grow
 * with every insert, so a page never repeats or skips one however many are raised meanwhile).
 */
export async function listAdminAlerts(
  db: Executor,
  input: { status: 'open' | 'all'; cursor?: string | undefined; limit: number },
): Promise<AdminAlertPage> {
  const before = input.cursor ? decodePageCursor('alert', input.cursor) : null;
  const [rows, [open]] = await Promise.all([
    db
      .select()
      .from(adminAlerts)
      .where(
        and(
          input.status === 'open' ? isNull(adminAlerts.resolvedAt) : undefined,
          before === null ? undefined : lt(adminAlerts.id, before),
        ),
      )
      .orderBy(desc(adminAlerts.id))
      .limit(input.limit + 1),
    db.select({ n: count() }).from(adminAlerts).where(isNull(adminAlerts.resolvedAt)),
  ]);
  const alerts = rows.slice(0, input.limit);
  const last = alerts.at(-1);
  return {
    alerts,
    openCount: open?.n ?? 0,
    nextCursor: rows.length > input.limit && last ? encodePageCursor('alert', last.id) : null,
  };
}

/**
 * An admin marks an alert resolved once they have dealt with it; audited with the note they give.
 * A step that raised it raises a new one on its next run if the problem is still there. NOT_FOUND
 * for an unknown id; resolving it again changes nothing and is not audited twice.
 */
export async function resolveAdminAlert(
  db: Database,
  input: { id: bigint; actor: string; note: string; now: Date },
): Promise<AdminAlert> {
  return db.transaction(async (tx) => {
    const [alert] = await tx.select().from(adminAlerts).where(eq(adminAlerts.id, input.id)).for('update');
    if (!alert) throw new AppError('NOT_FOUND', `id: no admin alert ${input.id}`);
    if (alert.resolvedAt) return alert;
    const [resolved] = await tx
      .update(adminAlerts)
      .set({ resolvedAt: input.now })
      .where(eq(adminAlerts.id, input.id))
      .returning();
    await recordAdminAction(tx, {
      actor: input.actor,
      action: 'admin_alert.resolve',
      before: { id: alert.id, kind: alert.kind, message: alert.message },
      after: { resolvedAt: input.now, note: input.note },
    });
    return resolved!;
  });
}
