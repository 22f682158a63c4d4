import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CRON_STEPS, vercelCrons } from '@bithedge/api';
import { describe, expect, it } from 'vitest';

const file = fileURLToPath(new URL('../../vercel.json', import.meta.url));

/**
 * `apps/web/vercel.json` is the cron registry as Vercel reads it. After adding a step or changing
 * a schedule, regenerate it: `VERCEL_JSON_WRITE=1 npx vitest run apps/web/src/server/vercel-json.test.ts`.
 */
describe('vercel.json', () => {
  if (process.env.VERCEL_JSON_WRITE === '1')
    writeFileSync(
      file,
      `${JSON.stringify({ $schema: 'https://openapi.vercel.sh/vercel.json', crons: vercelCrons() }, null, 2)}\n`,
    );

  it('schedules every cron step, on the registry’s schedule, and nothing else', () => {
    const config = JSON.parse(readFileSync(file, 'utf8')) as { crons: { path: string; schedule: string }[] };
    expect(config.crons).toEqual(vercelCrons());
    expect(config.crons.map((c) => c.path)).toEqual(
      Object.keys(CRON_STEPS).map((name) => `/api/cron/${name}`),
    );
  });
});
