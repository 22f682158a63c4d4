import { afterAll, beforeAll } from 'vitest';

/** Sets environment variables for the enclosing describe block and restores them after it. */
export function useTestEnv(vars: Record<string, string>): void {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, vars);
  });
  afterAll(() => {
    process.env = saved;
  });
}
