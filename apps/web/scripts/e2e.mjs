#!/usr/bin/env node
// The end-to-end suites on the production shape: one `next build`, then Playwright against
// `next start` on embedded PGlite (the desktop project) and on the real PostgreSQL server, a fresh
// database (the phone project — every spec file, the money journeys included — and the
// several-instances test). E2E_FULL=true runs every project on both databases; the split keeps CI
// under its 20-minute budget on a 2-core machine, and the runs go one after the other because two
// servers and two browsers at once made timing-sensitive specs flaky there.
// Without a PostgreSQL server (a laptop with only Node) the PostgreSQL run is left out and PGlite
// runs every project, saying so; under CI=true that is an error. Extra arguments go to both runs.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import postgres from 'postgres';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const args = process.argv.slice(2);

async function postgresProblem() {
  const client = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await client`select 1`;
    return null;
  } catch (error) {
    return `no PostgreSQL server answered at ${ADMIN_URL} (${error.message})`;
  } finally {
    await client.end({ timeout: 1 }).catch(() => {});
  }
}

/** An empty database the server migrates at start; dropped when the run ends. */
async function freshDatabase() {
  const name = `bithedge_e2e_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await admin.end({ timeout: 5 });
    },
  };
}

/** One Playwright run, its lines prefixed with its database so the two interleave readably. */
function playwright(label, env, projects) {
  return new Promise((resolve) => {
    const only = process.env.E2E_FULL === 'true' ? [] : projects.flatMap((p) => ['--project', p]);
    const child = spawn('npx', ['playwright', 'test', ...only, ...args], {
      env: { ...process.env, E2E_PREBUILT: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = (stream, out) => {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) out.write(`[${label}] ${line}\n`);
      });
      stream.on('end', () => rest && out.write(`[${label}] ${rest}\n`));
    };
    prefix(child.stdout, process.stdout);
    prefix(child.stderr, process.stderr);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

// A report left by an earlier run must not count in this one's summary.
for (const db of ['pglite', 'postgres']) rmSync(`../../.test-results/playwright-${db}.json`, { force: true });

const build = spawnSync('npx', ['next', 'build'], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) process.exit(build.status ?? 1);

const problem = await postgresProblem();
if (problem && process.env.CI === 'true') {
  console.error(`CI=true requires PostgreSQL for the end-to-end run on it: ${problem}`);
  process.exit(1);
}
if (problem) console.warn(`e2e on PostgreSQL left out: ${problem}`);

const database = problem ? null : await freshDatabase();
try {
  const pglite = await playwright('pglite', { E2E_DATABASE: 'pglite' }, database ? ['desktop'] : []);
  const onPostgres = database
    ? await playwright('postgres', { E2E_DATABASE: 'postgres', E2E_DATABASE_URL: database.url }, [
        'phone',
        'multi-instance',
      ])
    : 0;
  process.exitCode = Math.max(pglite, onPostgres);
} finally {
  await database?.drop();
}
