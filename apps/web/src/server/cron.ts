import {
  CRON_STEPS,
  type CronDeps,
  currentSlot,
  hasBearerSecret,
  isCronStep,
  type JobRun,
  parseCron,
  runScheduledStep,
} from '@bithedge/api';
import { unauthorized } from './http';

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * `/api/cron/<step>`: 401 without the bearer secret (checked before anything else, so the step
 * names are not discoverable), 404 for an unknown step, else the step run for its current
 * schedule slot, claimed and recorded in `job_runs` like the in-process scheduler's runs. A
 * second call in the same slot (a scheduler's retry, another instance's scheduler, a second
 * cron service) does not run the step again: it answers the recorded result (`replayed`), or 409
 * while that run is still going or when it failed.
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
  const resolved = await deps();
  const slot = currentSlot(parseCron(CRON_STEPS[step].schedule), resolved.now);
  const outcome = await runScheduledStep(resolved.db, step, resolved, slot, { trigger: 'route' });
  const ms = Math.round(performance.now() - started);
  if (outcome.status === 'ran') {
    const { run } = outcome;
    return run.error === null
      ? Response.json({ step, ...run.result, ...runFields(run), ms }, { headers: NO_STORE })
      : Response.json({ step, error: run.error, ...runFields(run), ms }, { status: 500, headers: NO_STORE });
  }
  const { run } = outcome;
  if (outcome.reason === 'slot-taken' && run?.finishedAt && run.error === null)
    return Response.json(
      { step, ...run.result, ...runFields(run), replayed: true, ms },
      { headers: NO_STORE },
    );
  const why =
    outcome.reason === 'busy'
      ? 'an earlier run of this step is still in progress'
      : run?.error
        ? `this slot already ran and failed: ${run.error}`
        : 'this slot is being run by another instance';
  return Response.json(
    { step, error: why, ...(run ? runFields(run) : { slot: slot.toISOString() }), ms },
    { status: 409, headers: NO_STORE },
  );
}

const runFields = (run: JobRun) => ({ run: run.id.toString(), slot: run.slot.toISOString() });
