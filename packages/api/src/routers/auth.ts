import { z } from 'zod';
import type { Context } from '../context';
import { AppError } from '../errors';
import { createChallenge, signIn, signOut } from '../services/auth';
import { publicProcedure, rateLimitedAuthProcedure, router } from '../trpc';

function transport(ctx: Context) {
  if (!ctx.auth) throw new AppError('UNAVAILABLE', 'Sign-in is not configured on this server');
  return ctx.auth;
}

const hex = (what: string, length?: number) =>
  z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]+$/, `${what} must be hex`)
    .refine((s) => length === undefined || s.replace(/^0x/, '').length === length, {
      message: `${what} must be ${length} hex characters`,
    })
    .transform((s) => s.replace(/^0x/, ''));

export const authRouter = router({
  /** Public, rate-limited per client: a single-use nonce and the exact message to sign for this address. */
  challenge: rateLimitedAuthProcedure
    .input(z.object({ address: z.string().trim().min(1).max(64) }))
    .mutation(({ ctx, input }) => createChallenge(ctx.db, transport(ctx).config, input.address)),

  /** Public, rate-limited per client: verifies the signed message and sets the session cookie. */
  signIn: rateLimitedAuthProcedure
    .input(
      z.object({
        message: z.string().min(1).max(2_000),
        signature: hex('signature', 130),
        publicKey: hex('publicKey', 66),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const auth = transport(ctx);
      const result = await signIn(ctx.db, auth.config, { ...input, userAgent: auth.userAgent });
      auth.setSessionCookie(result.token, result.expiresAt);
      return { principal: result.principal, role: result.role, expiresAt: result.expiresAt };
    }),

  /** Public: ends the caller's session, if any, and clears the cookie. */
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    const auth = transport(ctx);
    await signOut(ctx.db, auth.sessionToken);
    auth.clearSessionCookie();
    return { signedOut: true as const };
  }),

  /** Public: who the caller is (null when anonymous). */
  me: publicProcedure.query(({ ctx }) =>
    ctx.session ? { principal: ctx.session.principal, role: ctx.session.role } : null,
  ),
});
