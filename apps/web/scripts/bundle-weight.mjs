/**
 * First-load JavaScript per page of the production build (issue #14): serves the built app with
 * `next start`, fetches every page's HTML, and sums the gzip size of every script the HTML loads
 * (`<script src>`; `nomodule` polyfills are left out, a modern browser never fetches them).
 * Gzip is node:zlib at its default level (6), the level `next start` compresses responses with,
 * so the figures are the bytes a browser downloads. 1 kB = 1000 bytes (as `next build` prints).
 * Exits 1 when a page with a budget is over it.
 *
 *   pnpm --filter @bithedge/web bench:weight       builds, then measures
 *   BENCH_SKIP_BUILD=1 node scripts/bundle-weight.mjs   measures the existing .next
 *   WEIGHT_JSON=out.json ...                       also writes the figures as JSON
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { appDir, buildApp, startServer, waitForHealth } from '../bench/production-server.mjs';

/** Budgets in kB (gzip) for the pages issue #14 names; other pages are reported without one. */
export const BUDGETS_KB = { '/': 150, '/protect': 250 };

/** A concrete URL for each dynamic segment, so its page can be fetched like any other. */
const SAMPLE_PARAMS = { id: '00000000-0000-4000-8000-000000000000' };

const port = Number(process.env.BENCH_PORT ?? 3201);
const base = `http://127.0.0.1:${port}`;

/** The `src` of every script element a browser executes on load (module-capable browsers). */
export function scriptSources(html) {
  const sources = [];
  for (const match of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attributes = match[1];
    if (/\bnomodule\b/i.test(attributes)) continue;
    const src = /\bsrc="([^"]+)"/i.exec(attributes)?.[1];
    if (src && !sources.includes(src)) sources.push(src);
  }
  return sources;
}

/** The app's page routes from the build (route groups and API routes left out). */
function pageRoutes() {
  const manifest = JSON.parse(readFileSync(join(appDir, '.next/app-path-routes-manifest.json'), 'utf8'));
  const routes = new Set(
    Object.entries(manifest)
      .filter(([entry]) => entry.endsWith('/page'))
      .map(([, route]) => route)
      .filter((route) => !route.startsWith('/_')),
  );
  return [...routes].sort();
}

const concretePath = (route) => route.replace(/\[(\w+)\]/g, (_, name) => SAMPLE_PARAMS[name] ?? 'sample');

const kB = (bytes) => bytes / 1000;

const gzipBytes = new Map();
/** The gzip size of one script, fetched once however many pages load it. */
async function scriptGzipBytes(src) {
  if (!gzipBytes.has(src)) {
    const response = await fetch(new URL(src, base), { headers: { 'accept-encoding': 'identity' } });
    if (!response.ok) throw new Error(`${src}: HTTP ${response.status}`);
    gzipBytes.set(src, gzipSync(Buffer.from(await response.arrayBuffer())).length);
  }
  return gzipBytes.get(src);
}

async function measurePage(route) {
  const path = concretePath(route);
  const response = await fetch(new URL(path, base));
  const html = await response.text();
  const sources = scriptSources(html);
  let bytes = 0;
  for (const src of sources) bytes += await scriptGzipBytes(src);
  const budget = BUDGETS_KB[route];
  return { page: route, status: response.status, scripts: sources.length, kB: kB(bytes), budget };
}

/** The verdict for one page: within its budget, over it, or '–' for a page without one. */
const verdict = (row) => (row.budget === undefined ? '–' : row.kB <= row.budget ? 'pass' : 'FAIL');

/** The figures as a Markdown table (what docs/benchmarks.md shows). */
export function formatTable(rows) {
  return [
    '| page | scripts | gzip kB | budget kB | result |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map(
      (row) =>
        `| ${row.page} | ${row.scripts} | ${row.kB.toFixed(1)} | ${row.budget ?? '–'} | ${verdict(row)} |`,
    ),
  ].join('\n');
}

/** The pages over their budget. */
export const overBudget = (rows) => rows.filter((row) => verdict(row) === 'FAIL');

async function main() {
  buildApp();
  // Without the dev wallet or the local chain, so the pages load what a real deployment's do.
  const stop = startServer(port, { DEV_WALLET: 'false', LOCAL_CHAIN: 'false' });
  try {
    await waitForHealth(base);
    const rows = [];
    for (const route of pageRoutes()) rows.push(await measurePage(route));
    console.log('\nFirst-load JavaScript (gzip level 6, 1 kB = 1000 B), production build, `next start`:\n');
    console.log(formatTable(rows));
    if (process.env.WEIGHT_JSON) writeFileSync(process.env.WEIGHT_JSON, `${JSON.stringify(rows, null, 2)}\n`);
    const over = overBudget(rows);
    if (over.length) {
      console.error(
        `\nOver budget: ${over.map((row) => `${row.page} (${row.kB.toFixed(1)} kB)`).join(', ')}`,
      );
      process.exitCode = 1;
    }
  } finally {
    stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
