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

/**
 * Throws a RangeError naming the first invalid field. Each property is read exactly once: callers
 * often build inputs with object spread, whose objects V8 may keep in slow (dictionary) mode,
 * where every extra property read costs tens of nanoseconds.
 */
export function validateOptionInput(
  input: Omit<OptionInput, 'volatility'> & { volatility?: number },
): NormalizedInput {
  const { type, spot, strike, timeYears, volatility = 0, rate = 0, dividendYield = 0 } = input;
  check(type === 'call' || type === 'put', 'type', "must be 'call' or 'put'", type);
  check(Number.isFinite(spot) && spot > 0, 'spot', 'must be a finite number > 0', spot);
  check(Number.isFinite(strike) && strike > 0, 'strike', 'must be a finite number > 0', strike);
  check(Number.isFinite(timeYears) && timeYears >= 0, 'timeYears', 'must be a finite number ≥ 0', timeYears);
  check(
    Number.isFinite(volatility) && volatility >= 0,
    'volatility',
    'must be a finite number ≥ 0',
    volatility,
  );
  check(Number.isFinite(rate), 'rate', 'must be a finite number', rate);
  check(Number.isFinite(dividendYield), 'dividendYield', 'must be a finite number', dividendYield);
  return { isCall: type === 'call', spot, strike, timeYears, volatility, rate, dividendYield };
}
