import { CRON_STEPS, type CronDeps, hasBearerSecret, isCronStep } from '@bithedge/api';
import { unauthorized } from './http';

/**
 * `/api/cron/<step>`: 401 without the bearer secret (checked before anything else, so the step
 * names are not discoverable), 404 for an unknown step, else the step's summary.
 */
export async function handleCron(
  authorization: string | null,
  step: string,
  secret: string | undefined,
  deps: () => Promise<CronDeps>,
): Promise<Response> {
  if (!hasBearerSecret(authorization, secret)) return unauthorized();
  if (!isCronStep(step)) return Response.json({ error: `Unknown cron step ${step}` }, { status: 404 });
  const started = performance.now();
  const result = await CRON_STEPS[step].run(await deps());
  return Response.json(
    { step, ...result, ms: Math.round(performance.now() - started) },
    { headers: { 'cache-control': 'no-store' } },
  );
}
