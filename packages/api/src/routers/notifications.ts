import { z } from 'zod';
import { listNotifications, markNotificationsRead, unreadNotificationCount } from '../services/notifications';
import { router, signedInProcedure } from '../trpc';
import { MAX_INT64 } from './limits';

/** A notification id as the API issues it: a decimal string (ids are int64). */
const NotificationId = z
  .string()
  .regex(/^\d{1,19}$/, 'must be a notification id')
  .transform((s) => BigInt(s))
  .refine((id) => id <= MAX_INT64, 'must be a notification id');

export const notificationsRouter = router({
  /** Signed in, own notifications only: newest first, cursor pages, with the unread count. */
  list: signedInProcedure
    .input(
      z.object({
        limit: z.int().min(1).max(50).default(20),
        cursor: NotificationId.optional(),
        unreadOnly: z.boolean().default(false),
      }),
    )
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.session.principal, input)),

  /** Signed in, own notifications only: how many are unread (the bell's badge). */
  unreadCount: signedInProcedure.query(({ ctx }) => unreadNotificationCount(ctx.db, ctx.session.principal)),

  /** Signed in, own notifications only: marks the given ids (or all) read; others' ids match nothing. */
  markRead: signedInProcedure
    .input(z.object({ ids: z.array(NotificationId).min(1).max(100).optional() }))
    .mutation(({ ctx, input }) =>
      markNotificationsRead(ctx.db, ctx.session.principal, { ids: input.ids, now: ctx.quoting.now() }),
    ),
});
