import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Nav } from '@/components/layout/nav';
import { DevWalletSlot } from '@/components/wallet/dev-wallet-slot';
import { serverCaller } from '@/server/caller';
import { getEnv } from '@/server/env';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'BitHedge — Bitcoin price protection on Stacks', template: '%s · BitHedge' },
  description: 'Buy protection against BTC price moves, or provide liquidity and earn premiums.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#f7931a' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Read the deployment's settings per request, not baked in at build time.
  await connection();
  const env = getEnv();
  // The nav shows the session as the server sees it (a sign-in or sign-out re-renders it with
  // router.refresh()), so no page needs the client query layer just for the nav. A session that
  // cannot be read shows as signed out, as the nav's failed `auth.me` query did.
  const session = await (await serverCaller()).auth.me().catch(() => null);
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <DevWalletSlot enabled={env.devWallet} network={env.stacksNetwork} localChain={env.localChain} />
        <Nav session={session} />
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
        <footer className="mx-auto max-w-6xl px-4 pb-10 text-xs text-slate-500">
          Amounts are exact integer base units (micro-STX, sats) shown rounded for display.
        </footer>
      </body>
    </html>
  );
}
