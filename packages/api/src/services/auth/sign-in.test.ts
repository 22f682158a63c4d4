import { accounts, authNonces, type DatabaseHandle, sessions } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccount } from '../../devnet-accounts';
import { isAppError } from '../../errors';
import { appRouter, createCaller } from '../../routers';
import { callHttp, contextFor, recordingAuth, signWith, TEST_AUTH_CONFIG } from '../../test/context';
import { formatSignInMessage, parseSignInMessage } from './message';
import { SlidingWindowLimiter } from './rate-limit';
import { createChallenge, purgeExpiredAuth, resolveSession, signIn, signOut } from './sign-in';
import { hashToken } from './tokens';

const deployer = devnetAccount('deployer');
const alice = devnetAccount('wallet_1');
const bob = devnetAccount('wallet_2');

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal, but the call succeeded');
}

describe('sign-in message', () => {
  it('round-trips through format and parse', () => {
    const m = {
      domain: 'bithedge.test',
      address: alice.address,
      uri: 'https://bithedge.test',
      network: 'devnet' as const,
      nonce: '0123456789abcdef0123456789abcdef',
      issuedAt: new Date('2026-11-24T10:00:00.000Z'),
      expiresAt: new Date('2026-11-24T10:05:00.000Z'),
    };
    expect(parseSignInMessage(formatSignInMessage(m))).toEqual(m);
  });

  it('rejects anything that is not exactly the format', () => {
    const text = formatSignInMessage({
      domain: 'bithedge.test',
      address: alice.address,
      uri: 'https://bithedge.test',
      network: 'devnet',
      nonce: '0123456789abcdef0123456789abcdef',
      issuedAt: new Date(),
      expiresAt: new Date(),
    });
    expect(parseSignInMessage(`${text}\nExtra: line`)).toBeNull();
    expect(parseSignInMessage(text.replace('Nonce: ', 'Nonce:  '))).toBeNull();
    expect(parseSignInMessage(`x${text}`.replace('x', ' '))).toBeNull();
    expect(parseSignInMessage('')).toBeNull();
  });
});

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`Sign-In with Stacks on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(() => handle?.close());

    async function signedChallenge(account = alice, config = TEST_AUTH_CONFIG, now = new Date()) {
      const challenge = await createChallenge(handle.db, config, account.address, now);
      return { challenge, ...signWith(account, challenge.message) };
    }

    it('signs in with a valid signature, stores only the token hash, and resolves the session', async () => {
      const { challenge, signature, publicKey } = await signedChallenge();
      const result = await signIn(handle.db, TEST_AUTH_CONFIG, {
        message: challenge.message,
        signature,
        publicKey,
      });
      expect(result).toMatchObject({ principal: alice.address, role: 'user' });
      const stored = await handle.db
        .select()
        .from(sessions)
        .where(eq(sessions.tokenHash, hashToken(result.token)));
      expect(stored).toHaveLength(1);
      const all = await handle.db.select({ h: sessions.tokenHash }).from(sessions);
      expect(all.some((row) => row.h === result.token)).toBe(false);
      await expect(resolveSession(handle.db, TEST_AUTH_CONFIG, result.token)).resolves.toMatchObject({
        principal: alice.address,
        role: 'user',
      });
    });

    it('makes principals in the admin list admins, and re-derives the role on each sign-in', async () => {
      const { challenge, signature, publicKey } = await signedChallenge(deployer);
      const admin = await signIn(handle.db, TEST_AUTH_CONFIG, {
        message: challenge.message,
        signature,
        publicKey,
      });
      expect(admin.role).toBe('admin');
      const demoted = { ...TEST_AUTH_CONFIG, adminPrincipals: new Set<string>() };
      const again = await signedChallenge(deployer, demoted);
      const user = await signIn(handle.db, demoted, { message: again.challenge.message, ...again });
      expect(user.role).toBe('user');
      const [account] = await handle.db
        .select()
        .from(accounts)
        .where(eq(accounts.principal, deployer.address));
      expect(account?.role).toBe('user');
      // The earlier session now resolves with the configured list's role.
      await expect(resolveSession(handle.db, demoted, admin.token)).resolves.toMatchObject({ role: 'user' });
    });

    it('M6: a demoted admin’s existing session is refused by an admin procedure, without signing in again', async () => {
      const { challenge, signature, publicKey } = await signedChallenge(deployer);
      const admin = await signIn(handle.db, TEST_AUTH_CONFIG, {
        message: challenge.message,
        signature,
        publicKey,
      });
      const callerWith = async (config: typeof TEST_AUTH_CONFIG) => {
        const session = await resolveSession(handle.db, config, admin.token);
        return createCaller(
          contextFor(handle, session && { principal: session.principal, role: session.role }),
        );
      };
      await expect((await callerWith(TEST_AUTH_CONFIG)).admin.riskParameters()).resolves.toBeDefined();
      // The operator removes the principal from ADMIN_PRINCIPALS and restarts: same token, same account row.
      const demoted = { ...TEST_AUTH_CONFIG, adminPrincipals: new Set<string>() };
      await expect((await callerWith(demoted)).admin.riskParameters()).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it('M5: challenges and sign-ins over the per-client limit answer 429 with the wait', async () => {
      const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 60_000 });
      const auth = { ...recordingAuth(), admitSignInAttempt: () => limiter.admit('203.0.113.9') };
      const ctx = contextFor(handle, null, auth);
      const challenge = () => callHttp(appRouter, ctx, 'auth.challenge', { address: alice.address }, 'POST');
      expect((await challenge()).status).toBe(200);
      expect((await challenge()).status).toBe(200);
      const refused = await challenge();
      expect(refused.status).toBe(429);
      expect(JSON.stringify(refused.body)).toMatch(
        /Too many sign-in attempts from your address; retry in \d+ s/,
      );
      const signInRefused = await callHttp(
        appRouter,
        ctx,
        'auth.signIn',
        { message: 'x', signature: '00'.repeat(65), publicKey: '02'.repeat(33) },
        'POST',
      );
      expect(signInRefused.status).toBe(429);
    });

    it('refuses a replayed nonce, even when two sign-ins race with the same message', async () => {
      const { challenge, signature, publicKey } = await signedChallenge();
      const input = { message: challenge.message, signature, publicKey };
      const results = await Promise.allSettled([
        signIn(handle.db, TEST_AUTH_CONFIG, input),
        signIn(handle.db, TEST_AUTH_CONFIG, input),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await refusal(signIn(handle.db, TEST_AUTH_CONFIG, input))).toMatchObject({
        code: 'UNAUTHORIZED',
        message: expect.stringContaining('nonce'),
      });
    });

    it('refuses an expired message', async () => {
      const past = new Date(Date.now() - 10 * 60_000);
      const { challenge, signature, publicKey } = await signedChallenge(alice, TEST_AUTH_CONFIG, past);
      expect(
        await refusal(
          signIn(handle.db, TEST_AUTH_CONFIG, { message: challenge.message, signature, publicKey }),
        ),
      ).toMatchObject({
        code: 'UNAUTHORIZED',
        message: expect.stringContaining('expired'),
      });
    });

    it('refuses a message issued in the future', async () => {
      const future = new Date(Date.now() + 10 * 60_000);
      const { challenge, signature, publicKey } = await signedChallenge(alice, TEST_AUTH_CONFIG, future);
      expect(
        (
          await refusal(
            signIn(handle.db, TEST_AUTH_CONFIG, { message: challenge.message, signature, publicKey }),
          )
        ).message,
      ).toContain('future');
    });

    it('refuses a signature from another key, and another key claiming the address', async () => {
      const { challenge } = await signedChallenge(alice);
      const bobSigned = signWith(bob, challenge.message);
      // Bob's signature checked against Bob's key verifies, but Bob's key is not Alice's address.
      expect(
        (await refusal(signIn(handle.db, TEST_AUTH_CONFIG, { message: challenge.message, ...bobSigned })))
          .message,
      ).toContain('does not belong');
      // Bob's signature presented with Alice's public key does not verify.
      expect(
        (
          await refusal(
            signIn(handle.db, TEST_AUTH_CONFIG, {
              message: challenge.message,
              signature: bobSigned.signature,
              publicKey: alice.publicKey,
            }),
          )
        ).message,
      ).toContain('signature');
    });

    it('refuses a tampered message (the signature covers every field)', async () => {
      const { challenge, signature, publicKey } = await signedChallenge(alice);
      const later = new Date(challenge.expiresAt.getTime() + 3_600_000).toISOString();
      const tampered = challenge.message.replace(/Expiration Time: .*/, `Expiration Time: ${later}`);
      expect(
        (await refusal(signIn(handle.db, TEST_AUTH_CONFIG, { message: tampered, signature, publicKey })))
          .message,
      ).toContain('signature');
    });

    it('refuses a message for another domain, URI or network', async () => {
      for (const other of [
        { ...TEST_AUTH_CONFIG, domain: 'evil.test' },
        { ...TEST_AUTH_CONFIG, uri: 'https://evil.test' },
        { ...TEST_AUTH_CONFIG, network: 'testnet' as const },
      ]) {
        const { challenge, signature, publicKey } = await signedChallenge(alice, other);
        const refused = await refusal(
          signIn(handle.db, TEST_AUTH_CONFIG, { message: challenge.message, signature, publicKey }),
        );
        expect(refused.code).toBe('UNAUTHORIZED');
        expect(refused.message).toMatch(/evil\.test|testnet/);
      }
    });

    it('refuses a nonce the server never issued', async () => {
      const message = formatSignInMessage({
        domain: TEST_AUTH_CONFIG.domain,
        address: alice.address,
        uri: TEST_AUTH_CONFIG.uri,
        network: TEST_AUTH_CONFIG.network,
        nonce: 'ffffffffffffffffffffffffffffffff',
        issuedAt: new Date(),
        expiresAt: new Date(Date.now() + 60_000),
      });
      expect(
        (await refusal(signIn(handle.db, TEST_AUTH_CONFIG, { message, ...signWith(alice, message) })))
          .message,
      ).toContain('nonce');
    });

    it('refuses malformed input as BAD_REQUEST and addresses of another network', async () => {
      expect(
        (
          await refusal(
            signIn(handle.db, TEST_AUTH_CONFIG, { message: 'hello', signature: '00', publicKey: '00' }),
          )
        ).code,
      ).toBe('BAD_REQUEST');
      expect(
        (
          await refusal(
            createChallenge(handle.db, TEST_AUTH_CONFIG, 'SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7'),
          )
        ).code,
      ).toBe('BAD_REQUEST');
      expect((await refusal(createChallenge(handle.db, TEST_AUTH_CONFIG, 'not-an-address'))).code).toBe(
        'BAD_REQUEST',
      );
    });

    it('treats an unknown, tampered, or expired token as no session; sign-out deletes it', async () => {
      const { challenge, signature, publicKey } = await signedChallenge();
      const { token } = await signIn(handle.db, TEST_AUTH_CONFIG, {
        message: challenge.message,
        signature,
        publicKey,
      });
      const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      await expect(resolveSession(handle.db, TEST_AUTH_CONFIG, tampered)).resolves.toBeNull();
      await expect(resolveSession(handle.db, TEST_AUTH_CONFIG, '')).resolves.toBeNull();
      const later = new Date(Date.now() + TEST_AUTH_CONFIG.sessionTtlMs + 1_000);
      await expect(resolveSession(handle.db, TEST_AUTH_CONFIG, token, later)).resolves.toBeNull();
      await signOut(handle.db, token);
      await expect(resolveSession(handle.db, TEST_AUTH_CONFIG, token)).resolves.toBeNull();
      await signOut(handle.db, token);
    });

    it('purges expired sessions and spent nonces, set-based', async () => {
      const later = new Date(Date.now() + TEST_AUTH_CONFIG.sessionTtlMs + 60_000);
      const purged = await purgeExpiredAuth(handle.db, later);
      expect(purged.sessions).toBeGreaterThan(0);
      expect(purged.nonces).toBeGreaterThan(0);
      expect(await handle.db.select().from(sessions)).toHaveLength(0);
      expect(await handle.db.select().from(authNonces)).toHaveLength(0);
    });
  });
}
