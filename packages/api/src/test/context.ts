import { CHAIN_IDS, contractIds } from '@bithedge/contracts';
import type { DatabaseHandle } from '@bithedge/db';
import { bytesToHex } from '@stacks/common';
import { hashMessage } from '@stacks/encryption';
import { signMessageHashRsv } from '@stacks/transactions';
import type { AnyTRPCRouter } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import {
  type AuthTransport,
  type Context,
  createContext,
  createQuotingContext,
  type Session,
} from '../context';
import { type DevnetAccount, devnetAccount } from '../devnet-accounts';
import { type AuthConfig, DEFAULT_CHALLENGE_TTL_MS, DEFAULT_SESSION_TTL_MS } from '../services/auth';

interface HttpBody {
  result?: { data: unknown };
  error?: { json: unknown };
}

/** Calls a router over real HTTP semantics (the fetch adapter), so error formatting is exercised. */
export async function callHttp(
  router: AnyTRPCRouter,
  ctx: Context,
  path: string,
  input?: unknown,
  method: 'GET' | 'POST' = 'GET',
): Promise<{ status: number; body: HttpBody }> {
  const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  const url = `http://test/api/trpc/${path}${method === 'GET' ? `?input=${encoded}` : ''}`;
  const request = new Request(url, {
    method,
    ...(method === 'POST' ? { body: JSON.stringify(superjson.serialize(input)) } : {}),
    headers: { 'content-type': 'application/json' },
  });
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router,
    createContext: () => ctx,
  });
  return { status: response.status, body: (await response.json()) as HttpBody };
}

export const TEST_AUTH_CONFIG: AuthConfig = {
  domain: 'bithedge.test',
  uri: 'https://bithedge.test',
  network: 'devnet',
  adminPrincipals: new Set(['ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM']),
  challengeTtlMs: DEFAULT_CHALLENGE_TTL_MS,
  sessionTtlMs: DEFAULT_SESSION_TTL_MS,
};

/** An auth transport that records the cookie the server sets, like a browser would. */
export interface RecordingAuth extends AuthTransport {
  cookie: { token: string; expiresAt: Date } | null;
}

export function recordingAuth(
  config: AuthConfig = TEST_AUTH_CONFIG,
  sessionToken: string | null = null,
): RecordingAuth {
  const auth: RecordingAuth = {
    config,
    sessionToken,
    userAgent: 'vitest',
    cookie: null,
    setSessionCookie(token, expiresAt) {
      auth.cookie = { token, expiresAt };
    },
    clearSessionCookie() {
      auth.cookie = null;
    },
  };
  return auth;
}

export function contextFor(
  handle: DatabaseHandle,
  session: Session | null = null,
  auth: AuthTransport | null = null,
): Context {
  return createContext({
    db: handle.db,
    session,
    auth,
    quoting: createQuotingContext({ signer: DEVNET_QUOTE_SIGNER }),
  });
}

/** The devnet deployer signs quotes in tests (the local chain's registry trusts its key). */
export const DEVNET_QUOTE_SIGNER = {
  privateKey: devnetAccount('deployer').privateKey,
  chainId: CHAIN_IDS.devnet,
  registryId: contractIds('devnet').registry,
};

/** What a wallet's `stx_signMessage` returns for this account. */
export function signWith(account: DevnetAccount, message: string): { signature: string; publicKey: string } {
  const signature = signMessageHashRsv({
    messageHash: bytesToHex(hashMessage(message)),
    privateKey: account.privateKey,
  });
  return { signature, publicKey: account.publicKey };
}
