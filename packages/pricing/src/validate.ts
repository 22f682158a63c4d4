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
  return validateInto(
    { isCall: false, spot: 0, strike: 0, timeYears: 0, volatility: 0, rate: 0, dividendYield: 0 },
    input,
  );
}

/**
 * {@link validateOptionInput} into a caller's object (reused across calls where that is safe).
 * Kept small (the checks that name a field live in {@link throwInvalid}) so V8 inlines it into
 * the pricing functions: an out-of-line call would box each number it passes on.
 */
export function validateInto(
  out: NormalizedInput,
  input: Omit<OptionInput, 'volatility'> & { volatility?: number },
): NormalizedInput {
  const { type, spot, strike, timeYears, volatility = 0, rate = 0, dividendYield = 0 } = input;
  // One combined test (each clause is Number.isFinite plus the sign rule); typeof keeps strings
  // such as '5' out, which would pass the comparisons by coercion.
  if (
    !(
      (type === 'call' || type === 'put') &&
      typeof spot === 'number' &&
      spot > 0 &&
      spot < Infinity &&
      typeof strike === 'number' &&
      strike > 0 &&
      strike < Infinity &&
      typeof timeYears === 'number' &&
      timeYears >= 0 &&
      timeYears < Infinity &&
      typeof volatility === 'number' &&
      volatility >= 0 &&
      volatility < Infinity &&
      typeof rate === 'number' &&
      rate - rate === 0 &&
      typeof dividendYield === 'number' &&
      dividendYield - dividendYield === 0
    )
  )
    throwInvalid(input);
  out.isCall = type === 'call';
  out.spot = spot;
  out.strike = strike;
  out.timeYears = timeYears;
  out.volatility = volatility;
  out.rate = rate;
  out.dividendYield = dividendYield;
  return out;
}

/** Throws the RangeError that names the first invalid field. */
function throwInvalid(input: Omit<OptionInput, 'volatility'> & { volatility?: number }): never {
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
  // Unreachable while these checks match the combined test in validateInto.
  throw new RangeError('invalid option input');
}
