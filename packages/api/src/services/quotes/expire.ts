import { type Executor, quotes } from '@bithedge/db';
import { and, eq, lte } from 'drizzle-orm';

/** Marks every active quote past its expiry as EXPIRED in one statement (the cron step). */
export async function expireQuotes(db: Executor, now: Date): Promise<{ expired: number }> {
  const rows = await db
    .update(quotes)
    .set({ status: 'EXPIRED' })
    .where(and(eq(quotes.status, 'ACTIVE'), lte(quotes.expiresAt, now)))
    .returning({ id: quotes.id });
  return { expired: rows.length };
}
