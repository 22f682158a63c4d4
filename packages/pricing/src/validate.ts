import type { OptionInput } from './types.ts';

/** Validated inputs with defaults applied. */
export interface NormalizedInput {
  isCall: boolean;
  spot: number;
  strike: number;
  timeYears: number;
  volatility: number;
  rate: number;
  dividendYield: number;
}

function check(condition: boolean, field: string, rule: string, value: unknown): void {
  if (!condition) throw new RangeError(`${field} ${rule} (got ${String(value)})`);
}

/** Throws a RangeError naming the first invalid field. */
export function validateOptionInput(
  input: Omit<OptionInput, 'volatility'> & { volatility?: number },
): NormalizedInput {
  check(input.type === 'call' || input.type === 'put', 'type', "must be 'call' or 'put'", input.type);
  check(Number.isFinite(input.spot) && input.spot > 0, 'spot', 'must be a finite number > 0', input.spot);
  check(
    Number.isFinite(input.strike) && input.strike > 0,
    'strike',
    'must be a finite number > 0',
    input.strike,
  );
  check(
    Number.isFinite(input.timeYears) && input.timeYears >= 0,
    'timeYears',
    'must be a finite number ≥ 0',
    input.timeYears,
  );
  const volatility = input.volatility ?? 0;
  check(
    Number.isFinite(volatility) && volatility >= 0,
    'volatility',
    'must be a finite number ≥ 0',
    volatility,
  );
  const rate = input.rate ?? 0;
  check(Number.isFinite(rate), 'rate', 'must be a finite number', rate);
  const dividendYield = input.dividendYield ?? 0;
  check(Number.isFinite(dividendYield), 'dividendYield', 'must be a finite number', dividendYield);
  return {
    isCall: input.type === 'call',
    spot: input.spot,
    strike: input.strike,
    timeYears: input.timeYears,
    volatility,
    rate,
    dividendYield,
  };
}
