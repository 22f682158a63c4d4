import { adminAudit, type Executor } from '@bithedge/db';
import { desc, lt } from 'drizzle-orm';
import { decodePageCursor, encodePageCursor } from '../liquidity/page-cursor';

export interface AuditEntry {
  id: bigint;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

/**
 * Records one admin action. Call it with the transaction that makes the change, so the row exists
 * exactly when the change does. Values go through JSON (bigints as strings) as the API shows them.
 */
export async function recordAdminAction(
  tx: Executor,
  entry: { actor: string; action: string; before: unknown; after: unknown },
): Promise<void> {
  await tx.insert(adminAudit).values({
    actor: entry.actor,
    action: entry.action,
    before: toJson(entry.before),
    after: toJson(entry.after),
  });
}

/** bigint → decimal string, Date → ISO string, recursively; what jsonb can hold. */
function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * The audit log newest first, in keyset pages on the id (ids grow with every insert, so a page
 * never repeats or skips a row however many are written meanwhile).
 */
export async function listAdminAudit(
  db: Executor,
  input: { cursor?: string | undefined; limit: number },
): Promise<AuditPage> {
  const before = input.cursor ? decodePageCursor('audit', input.cursor) : null;
  const rows = await db
    .select()
    .from(adminAudit)
    .where(before === null ? undefined : lt(adminAudit.id, before))
    .orderBy(desc(adminAudit.id))
    .limit(input.limit + 1);
  const entries = rows.slice(0, input.limit);
  const last = entries.at(-1);
  return {
    entries,
    nextCursor: rows.length > input.limit && last ? encodePageCursor('audit', last.id) : null,
  };
}
