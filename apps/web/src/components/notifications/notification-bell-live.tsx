'use client';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { type RefObject, useCallback, useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { LoadMore } from '@/components/ui/load-more';
import { Skeleton } from '@/components/ui/skeleton';
import { cn } from '@/lib/cn';
import { TRPCReactProvider, useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';

/** Unread notifications are few and change with health passes (every minute): poll gently. */
const UNREAD_REFRESH_MS = 30_000;
const PAGE = 10;

/**
 * The signed-in caller's notifications: a bell with the unread count in the navigation, opening
 * a panel of the newest ones (older pages on demand) with "Mark all read". Its own chunk with its
 * own provider (the browser's one query client): the nav sits outside the pages' query provider,
 * and a signed-out visitor never loads it.
 */
export default function NotificationBellLive() {
  return (
    <TRPCReactProvider>
      <Bell />
    </TRPCReactProvider>
  );
}

function Bell() {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const unread = useQuery({
    ...trpc.notifications.unreadCount.queryOptions(),
    refetchInterval: UNREAD_REFRESH_MS,
  });
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({ onSuccess: invalidate.notifications }),
  );
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, root, close);
  const count = unread.data ?? 0;
  return (
    <div ref={root} className="relative">
      <Button
        variant="ghost"
        size="icon"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="notification-bell"
      >
        <span className="sr-only">Notifications{count ? `, ${count} unread` : ''}</span>
        <svg
          aria-hidden
          viewBox="0 0 24 24"
          className="size-5"
          fill="none"
          stroke="currentColor"
          strokeWidth={2}
        >
          <path d="M6 8a6 6 0 1112 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 003.4 0" />
        </svg>
        {count > 0 ? (
          <span
            aria-hidden
            data-testid="notification-count"
            className="absolute -right-0.5 -top-0.5 grid min-w-5 place-items-center rounded-full bg-danger-600 px-1 text-xs font-semibold text-white"
          >
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </Button>
      {open ? (
        // On a phone the bell sits mid-header: the panel spans the screen instead of hanging off it.
        <section
          id={panelId}
          aria-label="Notifications"
          className="fixed inset-x-4 top-16 z-30 rounded-card border border-slate-200 bg-white shadow-lg sm:absolute sm:inset-x-auto sm:right-0 sm:top-auto sm:mt-2 sm:w-[22rem]"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2">
            <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
            <Button
              variant="ghost"
              size="sm"
              disabled={count === 0}
              loading={markRead.isPending}
              onClick={() => markRead.mutate({})}
            >
              Mark all read
            </Button>
          </div>
          <NotificationList />
        </section>
      ) : null}
    </div>
  );
}

function NotificationList() {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions(
      { limit: PAGE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  if (list.isPending)
    return (
      <div className="space-y-2 p-4" role="status" aria-label="Loading notifications">
        <Skeleton className="h-4 w-3/4" />
        <Skeleton className="h-4 w-1/2" />
      </div>
    );
  if (list.isError)
    return (
      <p role="alert" className="p-4 text-sm text-danger-700">
        Notifications could not be loaded: {list.error.message}
      </p>
    );
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <p className="p-4 text-sm text-slate-600">Nothing yet.</p>;
  return (
    <div className="max-h-96 overflow-y-auto">
      <ul className="divide-y divide-slate-100">
        {items.map((n) => (
          <li
            key={n.id}
            className={cn('px-4 py-3 text-sm', !n.readAt && 'bg-brand-50/60')}
            data-testid="notification"
          >
            <p className="font-medium text-slate-900">{n.title}</p>
            <p className="mt-0.5 text-slate-600">{n.body}</p>
            <time className="mt-1 block text-xs text-slate-500" dateTime={n.createdAt.toISOString()}>
              {n.createdAt.toLocaleString()}
            </time>
          </li>
        ))}
      </ul>
      <LoadMore query={list} variant="ghost" fullWidth wrapperClassName="p-2">
        Older notifications
      </LoadMore>
    </div>
  );
}

/** Closes a popover on Escape or a click outside it. */
function useDismiss(open: boolean, root: RefObject<HTMLElement | null>, close: () => void) {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    const onClick = (e: MouseEvent) => root.current && !root.current.contains(e.target as Node) && close();
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open, root, close]);
}
