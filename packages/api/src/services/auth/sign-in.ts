import type { Network } from '@bithedge/contracts';
import { accounts, authNonces, type Executor, type Role, sessions } from '@bithedge/db';
import { DAY_MS } from '@bithedge/pricing';
import { verifyMessageSignatureRsv } from '@stacks/encryption';
import { getAddressFromPublicKey, validateStacksAddress } from '@stacks/transactions';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { AppError } from '../../errors';
import { formatSignInMessage, parseSignInMessage } from './message';
import { hashToken, newNonce, newSessionToken } from './tokens';

/** What the deployment signs in for: the messages it accepts and the sessions it grants. */
export interface AuthConfig {
  /** Host (and port) of the site, as it appears in the message's first line. */
  domain: string;
  /** Origin of the site, e.g. `https://bithedge.app`. */
  uri: string;
  network: Network;
  adminPrincipals: ReadonlySet<string>;
  /** How long a sign-in message (and its nonce) stays valid. */
  challengeTtlMs: number;
  sessionTtlMs: number;
}

export const DEFAULT_CHALLENGE_TTL_MS = 5 * 60_000;
export const DEFAULT_SESSION_TTL_MS = 7 * DAY_MS;
/** Wallet and server clocks differ; an issue time this far ahead is still accepted. */
const CLOCK_SKEW_MS = 60_000;

/** Test-net and devnet share the `ST…` address version. */
export function addressVersionNetwork(network: Network): Exclude<Network, 'devnet'> {
  return network === 'mainnet' ? 'mainnet' : 'testnet';
}

/** A standard principal of the configured network (`SP…` on mainnet, `ST…` elsewhere). */
export function isNetworkAddress(address: string, network: Network): boolean {
  if (!validateStacksAddress(address)) return false;
  return address.startsWith(network === 'mainnet' ? 'SP' : 'ST');
}

export interface Challenge {
  message: string;
  nonce: string;
  expiresAt: Date;
}

/** Issues a single-use nonce and the exact message the wallet should sign for `address`. */
export async function createChallenge(
  db: Executor,
  config: AuthConfig,
  address: string,
  now = new Date(),
): Promise<Challenge> {
  if (!isNetworkAddress(address, config.network))
    throw new AppError('BAD_REQUEST', `${address} is not a Stacks address on ${config.network}`);
  const nonce = newNonce();
  const expiresAt = new Date(now.getTime() + config.challengeTtlMs);
  await db.insert(authNonces).values({ nonce, expiresAt });
  const message = formatSignInMessage({
    domain: config.domain,
    address,
    uri: config.uri,
    network: config.network,
    nonce,
    issuedAt: now,
    expiresAt,
  });
  return { message, nonce, expiresAt };
}

export interface SignInInput {
  message: string;
  /** RSV signature from `stx_signMessage`, hex. */
  signature: string;
  /** Compressed public key the wallet signed with, hex. */
  publicKey: string;
  userAgent?: string | null;
}

export interface SessionInfo {
  principal: string;
  role: Role;
  expiresAt: Date;
}

export interface SignInResult extends SessionInfo {
  /** The raw cookie value; only its hash is stored. */
  token: string;
}

function refuse(reason: string): never {
  throw new AppError('UNAUTHORIZED', `Sign-in refused: ${reason}`);
}

function signatureVerifies(message: string, signature: string, publicKey: string): boolean {
  try {
    return verifyMessageSignatureRsv({ message, signature, publicKey });
  } catch {
    // Malformed hex or an off-curve key is a bad signature, not a server error.
    return false;
  }
}

function keyAddress(publicKey: string, network: Network): string | null {
  try {
    return getAddressFromPublicKey(publicKey, addressVersionNetwork(network));
  } catch {
    return null;
  }
}

/**
 * Verifies a signed sign-in message and opens a session. The nonce is consumed in the same
 * transaction that creates the session, so a message signs in at most once even when raced.
 */
export async function signIn(
  db: Executor,
  config: AuthConfig,
  input: SignInInput,
  now = new Date(),
): Promise<SignInResult> {
  const message = parseSignInMessage(input.message);
  if (!message) throw new AppError('BAD_REQUEST', 'Sign-in message is not in the expected format');
  if (message.domain !== config.domain) refuse(`the message is for ${message.domain}, not ${config.domain}`);
  if (message.uri !== config.uri) refuse(`the message is for ${message.uri}, not ${config.uri}`);
  if (message.network !== config.network)
    refuse(`the message is for ${message.network}, not ${config.network}`);
  if (message.issuedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
    refuse('the message is issued in the future');
  if (message.expiresAt.getTime() <= now.getTime()) refuse('the message has expired');
  if (!signatureVerifies(input.message, input.signature, input.publicKey))
    refuse('the signature does not match the message and public key');
  if (keyAddress(input.publicKey, config.network) !== message.address)
    refuse(`the signing key does not belong to ${message.address}`);

  const role = roleOf(message.address, config.adminPrincipals);
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + config.sessionTtlMs);
  await db.transaction(async (tx) => {
    const consumed = await tx
      .update(authNonces)
      .set({ usedAt: now })
      .where(
        and(eq(authNonces.nonce, message.nonce), isNull(authNonces.usedAt), gt(authNonces.expiresAt, now)),
      )
      .returning({ nonce: authNonces.nonce });
    if (consumed.length === 0) refuse('the nonce is unknown, already used, or expired');
    // The admin list is the source of truth: each sign-in re-derives the role.
    const [account] = await tx
      .insert(accounts)
      .values({ principal: message.address, role, lastSignedInAt: now })
      .onConflictDoUpdate({
        target: accounts.principal,
        set: { role, lastSignedInAt: now, updatedAt: sql`now()` },
      })
      .returning({ id: accounts.id });
    if (!account) throw new Error('account upsert returned no row');
    await tx.insert(sessions).values({
      tokenHash: hashToken(token),
      accountId: account.id,
      expiresAt,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
    });
  });
  return { token, principal: message.address, role, expiresAt };
}

/** The admin list is the source of truth for the role, at sign-in and on every request (M6). */
export function roleOf(principal: string, adminPrincipals: ReadonlySet<string>): Role {
  return adminPrincipals.has(principal) ? 'admin' : 'user';
}

/**
 * The session a cookie token stands for, or null when it is unknown, tampered with, or expired.
 * Its role comes from the admin list configured now, not the one stored at sign-in, so removing
 * a principal from ADMIN_PRINCIPALS takes its rights from sessions already open (M6).
 */
export async function resolveSession(
  db: Executor,
  config: Pick<AuthConfig, 'adminPrincipals'>,
  token: string | null | undefined,
  now = new Date(),
): Promise<SessionInfo | null> {
  if (!token) return null;
  const [row] = await db
    .select({ principal: accounts.principal, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, now)));
  return row ? { ...row, role: roleOf(row.principal, config.adminPrincipals) } : null;
}

/** Ends the session behind a token (signing out twice is not an error). */
export async function signOut(db: Executor, token: string | null | undefined): Promise<void> {
  if (!token) return;
  await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

/** Deletes expired sessions and spent or expired nonces; returns how many rows went. */
export async function purgeExpiredAuth(
  db: Executor,
  now = new Date(),
): Promise<{ sessions: number; nonces: number }> {
  return db.transaction(async (tx) => {
    const goneSessions = await tx
      .delete(sessions)
      .where(lt(sessions.expiresAt, now))
      .returning({ tokenHash: sessions.tokenHash });
    const goneNonces = await tx
      .delete(authNonces)
      .where(or(lt(authNonces.expiresAt, now), sql`${authNonces.usedAt} is not null`))
      .returning({ nonce: authNonces.nonce });
    return { sessions: goneSessions.length, nonces: goneNonces.length };
  });
}
