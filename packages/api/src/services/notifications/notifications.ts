import { type Executor, notifications } from '@bithedge/db';
import { and, count, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: unknown;
  readAt: Date | null;
  createdAt: Date;
}

export interface NotificationPage {
  items: NotificationView[];
  /** Pass back as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
  unread: number;
}

/**
 * A principal's notifications, newest first. Ids only grow, so the cursor is the last id shown:
 * a notification written meanwhile never shifts a page.
 */
export async function listNotifications(
  db: Executor,
  principal: string,
  input: { limit: number; cursor?: bigint; unreadOnly?: boolean },
): Promise<NotificationPage> {
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.principal, principal),
        input.cursor === undefined ? undefined : lt(notifications.id, input.cursor),
        input.unreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((n) => ({
      id: n.id.toString(),
      kind: n.kind,
      title: n.title,
      body: n.body,
      data: n.data,
      readAt: n.readAt,
      createdAt: n.createdAt,
    })),
    nextCursor: rows.length > input.limit ? page.at(-1)!.id.toString() : null,
    unread: await unreadNotificationCount(db, principal),
  };
}

export async function unreadNotificationCount(db: Executor, principal: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.principal, principal), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/**
 * Marks the principal's own notifications read (the given ids, or all); ids of someone else's
 * notifications match nothing. Returns how many changed; marking twice changes nothing.
 */
export async function markNotificationsRead(
  db: Executor,
  principal: string,
  input: { ids?: bigint[]; now: Date },
): Promise<{ marked: number }> {
  const rows = await db
    .update(notifications)
    .set({ readAt: input.now })
    .where(
      and(
        eq(notifications.principal, principal),
        isNull(notifications.readAt),
        input.ids ? inArray(notifications.id, input.ids) : sql`true`,
      ),
    )
    .returning({ id: notifications.id });
  return { marked: rows.length };
}
