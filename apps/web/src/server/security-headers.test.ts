import { describe, expect, it } from 'vitest';
import nextConfig, { contentSecurityPolicy, HSTS, headers } from '../../next.config';

describe('security headers (next.config.ts)', () => {
  it('L8: every response gets a CSP without framing, X-Frame-Options DENY, nosniff and a Referrer-Policy', async () => {
    const rules = await headers();
    const all = rules.find((rule) => rule.source === '/:path*' && !rule.has);
    const byKey = new Map(all?.headers.map((h) => [h.key, h.value]));
    expect(byKey.get('X-Frame-Options')).toBe('DENY');
    expect(byKey.get('X-Content-Type-Options')).toBe('nosniff');
    expect(byKey.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(byKey.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(nextConfig.headers).toBe(headers);
  });

  it('L8: scripts come from this site only (plus Next’s inline bootstrap); eval only in development', () => {
    const production = contentSecurityPolicy(false);
    expect(production).toContain("script-src 'self' 'unsafe-inline';");
    expect(production).not.toContain('unsafe-eval');
    expect(production).toContain("object-src 'none'");
    expect(production).toContain("base-uri 'self'");
    expect(production).toContain("form-action 'self'");
    // The wallet libraries' endpoints stay reachable.
    expect(production).toMatch(
      /connect-src 'self' https:\/\/api\.mainnet\.hiro\.so .*wss:\/\/relay\.walletconnect\.org/,
    );
    expect(contentSecurityPolicy(true)).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(true)).toMatch(/connect-src [^;]* ws:/);
  });

  it('L8: HSTS only on requests that arrived over HTTPS', async () => {
    const rules = await headers();
    const hsts = rules.filter((rule) => rule.headers.some((h) => h.key === HSTS.key));
    expect(hsts).toEqual([
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [HSTS],
      },
    ]);
  });

  it('lets the dev server be opened as http://127.0.0.1:3000', () => {
    expect(nextConfig.allowedDevOrigins).toContain('127.0.0.1');
  });
});
