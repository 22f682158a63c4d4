import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh unguessable token (256 bits) for a session cookie. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A single-use sign-in nonce (128 bits, hex so it survives any wallet's message display). */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** Sessions are looked up by this hash, so a leaked table cannot be replayed as cookies. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Checks an `Authorization: Bearer <secret>` header in constant time. Both sides are hashed
 * first so neither the secret's length nor its prefix leaks through timing.
 */
export function hasBearerSecret(header: string | null | undefined, secret: string | undefined): boolean {
  if (!secret || !header?.startsWith('Bearer ')) return false;
  const presented = createHash('sha256').update(header.slice('Bearer '.length)).digest();
  const expected = createHash('sha256').update(secret).digest();
  return timingSafeEqual(presented, expected);
}
