import type { NextConfig } from 'next';

type Header = { key: string; value: string };

/**
 * Where the browser may connect besides this site: @stacks/connect reads the Hiro APIs, and its
 * WalletConnect option talks to the WalletConnect relay and RPC. Wallet extensions are reached
 * through injected providers, which CSP does not restrict.
 */
const WALLET_CONNECT_SRC = [
  'https://api.mainnet.hiro.so',
  'https://api.testnet.hiro.so',
  'https://*.walletconnect.org',
  'https://*.walletconnect.com',
  'wss://relay.walletconnect.org',
  'wss://relay.walletconnect.com',
];

/**
 * The Content-Security-Policy (L8). `script-src` keeps `'unsafe-inline'` because Next's App
 * Router streams inline bootstrap scripts; nonces would need a per-request middleware and would
 * make every page dynamic, a larger change than this hardening. It still bars scripts from
 * other origins, plugins, `<base>` hijacking, form posts elsewhere and framing. Development adds
 * `'unsafe-eval'` (React's dev tooling) and the dev server's WebSocket (hot reload).
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    // React (and recharts) set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    // Wallet pickers show wallet icons from their vendors.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${WALLET_CONNECT_SRC.join(' ')}${dev ? ' ws: wss:' : ''}`,
    "frame-src 'self' https://verify.walletconnect.org https://verify.walletconnect.com",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every response (L8): no framing (clickjacking of one-click mutations), no sniffing. */
export function securityHeaders(dev: boolean): Header[] {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(dev) },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
}

/** HSTS only where the request arrived over HTTPS (directly or through a proxy that says so). */
export const HSTS: Header = {
  key: 'Strict-Transport-Security',
  value: 'max-age=31536000; includeSubDomains',
};

export async function headers() {
  const dev = process.env.NODE_ENV !== 'production';
  return [
    { source: '/:path*', headers: securityHeaders(dev) },
    {
      source: '/:path*',
      has: [{ type: 'header' as const, key: 'x-forwarded-proto', value: 'https' }],
      headers: [HSTS],
    },
  ];
}

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `forbidden()`: /admin answers a signed-in non-admin with HTTP 403 and app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // `next dev` is bound to 127.0.0.1 (see package.json); pages opened as http://127.0.0.1:3000 load
  // the dev scripts from that host, which Next otherwise treats as a cross-origin dev request and
  // blocks (only localhost is allowed by default), leaving every live figure unhydrated.
  allowedDevOrigins: ['127.0.0.1', '[::1]'],
  headers,
  // Workspace packages ship TypeScript source; Next compiles them with the app.
  transpilePackages: ['@bithedge/api', '@bithedge/db', '@bithedge/pricing', '@bithedge/contracts'],
  // Loaded by Node at run time: PGlite reads its WASM and data files from its own folder.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'postgres',
    '@stacks/clarinet-sdk',
    '@stacks/clarinet-sdk-wasm',
  ],
};

export default nextConfig;
