'use client';

import { useEffect } from 'react';
import { knownSession, subscribeToSession } from '@/trpc/session-change';

/**
 * Reloads the page when someone signs in or out here. A page that answered `forbidden()` stays
 * forbidden through `router.refresh()` (Next keeps the 403 boundary until the address changes), so
 * a sign-out or a sign-in as someone else would leave the 403 standing; a reload asks the server
 * again, which then decides for the new session.
 */
export function ReloadOnSessionChange() {
  useEffect(
    () =>
      subscribeToSession(() => {
        if (knownSession() !== undefined) window.location.reload();
      }),
    [],
  );
  return null;
}
