'use client';
import { type ComponentType, useEffect, useState } from 'react';

/**
 * The signed-in caller's notifications (the nav renders this only with a session). The bell, its
 * unread-count polling and its panel are their own chunk with the query layer, imported after
 * mount: a signed-out visitor's page never loads them.
 */
export function NotificationBell() {
  const [Bell, setBell] = useState<ComponentType | null>(null);
  useEffect(() => {
    let mounted = true;
    void import('./notification-bell-live').then((module) => {
      if (mounted) setBell(() => module.default);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return Bell ? <Bell /> : null;
}
