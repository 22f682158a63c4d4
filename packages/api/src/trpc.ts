import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import type { Context } from './context';
import { type AppErrorCode, isAppError } from './errors';
import { RateLimitedError } from './services/auth/rate-limit';

/** Extra fields every error carries to the client. */
export interface ErrorData {
  /** The domain code when a service refused (e.g. INSUFFICIENT_FUNDS). */
  appCode: AppErrorCode | null;
  /** The zod issues when input validation failed: path and message per field. */
  zodIssues: z.core.$ZodIssue[] | null;
  fieldErrors: Record<string, string[]> | null;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zod = cause instanceof ZodError ? cause : null;
    const data: ErrorData = {
      appCode: isAppError(cause) ? cause.code : null,
      zodIssues: zod ? zod.issues : null,
      fieldErrors: zod ? (z.flattenError(zod).fieldErrors as Record<string, string[]>) : null,
    };
    // Never leak stack traces or internals of unexpected errors to callers.
    const message = error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : shape.message;
    const { stack: _stack, ...publicData } = shape.data;
    return { ...shape, message, data: { ...publicData, ...data } };
  },
});

/** Turns a thrown domain error into the tRPC error with the mapped code, keeping it as cause. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
    const appError = result.error.cause;
    throw new TRPCError({ code: appError.transportCode, message: appError.message, cause: appError });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;
/** Anyone may call it, signed in or not. */
export const publicProcedure = t.procedure.use(domainErrors);

/**
 * Public calls that write a row before anyone proved who they are (challenges, sign-ins): limited
 * per client address (M5), answered with 429 and `Retry-After` over the limit.
 */
export const rateLimitedAuthProcedure = publicProcedure.use(({ ctx, next }) => {
  const admission = ctx.auth?.admitSignInAttempt?.();
  if (admission && !admission.admitted) {
    const cause = new RateLimitedError(admission.retryAfterMs);
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `Too many sign-in attempts from your address; retry in ${cause.retryAfterSeconds} s`,
      cause,
    });
  }
  return next();
});

/**
 * A signed-in caller acting on their own data: procedures built on it take no principal as
 * input and read `ctx.session.principal` instead, so one provider can never name another.
 */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/**
 * Admins only: principals in ADMIN_PRINCIPALS now. The session's role is derived from the
 * configured list on every request (resolveSession), so a demoted admin's sessions lose it (M6).
 */
export const adminProcedure = signedInProcedure.use(({ ctx, next }) => {
  if (ctx.session.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'Admins only' });
  return next({ ctx });
});
