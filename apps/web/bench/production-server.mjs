/**
 * The production build on the devnet sandbox, for the benches: `next build`, then `next start` on a
 * fresh in-memory database with the demo data and the simulated price feed (env.ts allows those in
 * a production build only with E2E=true). One copy for every bench that needs a server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `next build` in the app, unless BENCH_SKIP_BUILD is set (a build is already there). */
export function buildApp() {
  if (process.env.BENCH_SKIP_BUILD) return;
  const build = spawnSync('npx', ['next', 'build'], {
    cwd: appDir,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/**
 * Starts `next start` on `port` with the sandbox settings plus `env`; returns a function that
 * stops it (also run when this process exits).
 */
export function startServer(port, env = {}) {
  const server = spawn('npx', ['next', 'start', '--port', String(port)], {
    cwd: appDir,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      E2E: 'true',
      STACKS_NETWORK: 'devnet',
      PGLITE_DATA_DIR: 'memory://',
      SEED_DEMO_DATA: 'true',
      APP_URL: `http://127.0.0.1:${port}`,
      CRON_SECRET: 'bench-cron-secret-0123456789',
      VAULT_WEBHOOK_SECRET: 'bench-webhook-secret-0123456789',
      NEXT_TELEMETRY_DISABLED: '1',
      ...env,
    },
  });
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
  };
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
  return stop;
}

/** Waits (every 0.5 s, up to `attempts` times) until the server's /api/health answers. */
export async function waitForHealth(base, attempts = 240) {
  for (let i = 0; i < attempts; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`next start did not answer on ${base}/api/health`);
}
