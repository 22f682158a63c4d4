import { z } from 'zod';
import { AppError } from '../../errors';

/**
 * What a cursor decodes to. The id goes into a uuid comparison and the date into a timestamptz
 * one, so both are checked here: a crafted cursor must be a BAD_REQUEST, never a database error.
 */
const CursorSchema = z.object({
  createdAt: z.iso.datetime().refine((s) => isRepresentableTimestamp(new Date(s)), 'createdAt out of range'),
  id: z.uuid(),
});
type Cursor = z.infer<typeof CursorSchema>;

/** PostgreSQL has no year 0 and JS dates stop at ±275760: cursors we issue fall in 1970–9999. */
function isRepresentableTimestamp(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1970 && year <= 9999;
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ createdAt: row.createdAt.toISOString(), id: row.id })).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // not JSON: refused below like any other shape
  }
  const parsed = CursorSchema.safeParse(value);
  if (!parsed.success) throw new AppError('BAD_REQUEST', 'cursor: not a cursor this API issued');
  return parsed.data;
}
