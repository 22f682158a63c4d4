import { AppError } from '../../errors';

/**
 * Keyset cursors of the provider views: the id of the last row shown, opaque to clients
 * (base64url of `<scope>:<id>`). The scope keeps a transactions cursor from being replayed on the
 * allocations list. The query re-reads the row's sort key by id (and by owner), so a cursor
 * carries no timestamp to lose precision, and another provider's id simply matches nothing.
 */
const INT64_MAX = 2n ** 63n - 1n;

export type CursorScope = 'tx' | 'alloc' | 'audit' | 'alert';

export function encodePageCursor(scope: CursorScope, id: bigint | number): string {
  return Buffer.from(`${scope}:${id}`).toString('base64url');
}

/** The id in a cursor this API issued for `scope`; anything else is BAD_REQUEST naming `cursor`. */
export function decodePageCursor(scope: CursorScope, cursor: string): bigint {
  const text = /^[A-Za-z0-9_-]{1,64}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = new RegExp(`^${scope}:([1-9]\\d{0,18})$`).exec(text);
  const id = match?.[1] ? BigInt(match[1]) : 0n;
  if (id <= 0n || id > INT64_MAX) throw new AppError('BAD_REQUEST', 'cursor: not a cursor this API issued');
  return id;
}
