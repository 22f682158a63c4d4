'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { NotificationBell } from '@/components/notifications/notification-bell';
import { Button } from '@/components/ui/button';
import { SessionControls, type SessionView } from '@/components/wallet/session-controls';
import { forgetKnownSession, knownSession, subscribeToSession } from '@/trpc/session-change';

export const NAV_ITEMS = [
  { href: '/', label: 'Overview' },
  { href: '/protect', label: 'Protect' },
  { href: '/quotes', label: 'Quotes' },
  { href: '/policies', label: 'Policies' },
  { href: '/provide', label: 'Provide' },
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/pool', label: 'Pool' },
] as const;

/** Shown to admins only (the session's role); the page itself checks again on the server. */
const ADMIN_ITEM = { href: '/admin', label: 'Admin' } as const;

/** `session` is the server's view of the caller (the root layout reads it per request). */
export function Nav({ session: served }: { session: SessionView | null }) {
  // A sign-in or sign-out shows at once; the server's next view (router.refresh) replaces it.
  const known = useSyncExternalStore(subscribeToSession, knownSession, () => undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the server's new view is the trigger, not an input
  useEffect(() => forgetKnownSession(), [served]);
  const session = known ? known.session : served;
  const items = session?.role === 'admin' ? [...NAV_ITEMS, ADMIN_ITEM] : NAV_ITEMS;
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const isActive = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href));
  const linkClass = (href: string) =>
    `rounded-md px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-brand-500 ${
      isActive(href) ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'
    }`;
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <span className="grid size-8 place-items-center rounded-lg bg-brand-500 text-white">
            <svg
              aria-hidden="true"
              viewBox="0 0 24 24"
              className="size-5"
              fill="none"
              stroke="currentColor"
              strokeWidth={2}
            >
              <path d="M12 3l7 3v5c0 4.5-3 8.2-7 10-4-1.8-7-5.5-7-10V6l7-3z" />
              <path d="M9 12l2 2 4-4" />
            </svg>
          </span>
          {/* On the narrowest phones the bell and the account need the room: the name stays for screen readers. */}
          <span className="max-[430px]:sr-only">BitHedge</span>
        </Link>
        <nav aria-label="Main" className="hidden md:block">
          <ul className="flex gap-1">
            {items.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className={linkClass(item.href)}
                  aria-current={isActive(item.href) ? 'page' : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="flex items-center gap-2">
          {session ? <NotificationBell /> : null}
          <SessionControls session={session} />
          <Button
            variant="ghost"
            size="icon"
            className="md:hidden"
            aria-expanded={open}
            aria-controls="mobile-nav"
            onClick={() => setOpen((o) => !o)}
          >
            <span className="sr-only">{open ? 'Close menu' : 'Open menu'}</span>
            <svg
              aria-hidden
              viewBox="0 0 24 24"
              className="size-6"
              fill="none"
              stroke="currentColor"
              strokeWidth={2}
            >
              <path d={open ? 'M6 6l12 12M18 6L6 18' : 'M4 7h16M4 12h16M4 17h16'} />
            </svg>
          </Button>
        </div>
      </div>
      {open ? (
        <nav id="mobile-nav" aria-label="Main" className="border-t border-slate-200 bg-white md:hidden">
          <ul className="flex flex-col p-2">
            {items.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  className={`block ${linkClass(item.href)}`}
                  aria-current={isActive(item.href) ? 'page' : undefined}
                  onClick={() => setOpen(false)}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
