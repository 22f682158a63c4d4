/**
 * Per-field messages from a refused admin call, keyed by the field's path as the form names it
 * (`baseRate`, `tierMultipliers.balanced`, `values.warningThresholdBps` → `warningThresholdBps`).
 * Two shapes reach the browser: zod's issues (range checks of the input schema, in
 * `data.zodIssues`) and the service's BAD_REQUEST, whose message starts with the field it names
 * (`marginCallThresholdBps: must be below …`).
 */
export interface RefusalLike {
  message: string;
  data?: {
    code?: string;
    zodIssues?: readonly { path: readonly PropertyKey[]; message: string }[] | null;
  } | null;
}

/** Prefixes the form's fields sit under in the procedure's input. */
const CONTAINERS = new Set(['params', 'values']);

export function fieldErrors(error: RefusalLike | null | undefined): Record<string, string> {
  if (!error) return {};
  const out: Record<string, string> = {};
  for (const issue of error.data?.zodIssues ?? []) {
    const path = issue.path.map(String).filter((p, i) => !(i === 0 && CONTAINERS.has(p)));
    const key = path.join('.');
    if (key && !(key in out)) out[key] = issue.message;
  }
  const named = /^([A-Za-z][A-Za-z0-9.]*): (.+)$/.exec(error.message);
  if (error.data?.code === 'BAD_REQUEST' && named?.[1] && named[2] && !(named[1] in out)) {
    out[named[1]] = named[2];
  }
  return out;
}

/** What to show above the form: the refusal, unless every part of it sits under a field. */
export function formError(error: RefusalLike | null | undefined): string | null {
  if (!error) return null;
  const fields = fieldErrors(error);
  return Object.keys(fields).length > 0
    ? 'Some values are out of range: see the fields marked below.'
    : error.message;
}
