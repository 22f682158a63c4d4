import { describe, expect, it } from 'vitest';
import {
  amountUnits,
  capacityError,
  DEFAULT_YIELD_FORM,
  validateYieldForm,
  yieldFormFromSearchParams,
  yieldFormToSearchParams,
} from './yield-form-state';

describe('yield form state', () => {
  it('round-trips through the URL and falls back on junk', () => {
    const form = { token: 'SBTC', amount: '0.5', tier: 'aggressive', days: '90' } as const;
    expect(yieldFormFromSearchParams(yieldFormToSearchParams(form))).toEqual(form);
    expect(yieldFormFromSearchParams(new URLSearchParams('token=ETH&tier=wild'))).toEqual(DEFAULT_YIELD_FORM);
  });

  it('validates as the server does: decimals per token, > 0, within limits, days 1–365', () => {
    expect(amountUnits('1500.5', 'STX')).toBe(1_500_500_000n);
    expect(amountUnits('1.1234567', 'STX')).toBe('Enter an amount of STX with at most 6 decimals');
    expect(amountUnits('0.12345678', 'SBTC')).toBe(12_345_678n);
    expect(amountUnits('0', 'SBTC')).toBe('Enter an amount greater than 0');
    expect(amountUnits('1000.00000001', 'SBTC')).toBe('Enter at most 1000 sBTC');
    expect(validateYieldForm({ ...DEFAULT_YIELD_FORM, days: '366' })).toEqual({
      errors: { days: 'Enter a whole number of days from 1 to 365' },
    });
    expect(validateYieldForm({ ...DEFAULT_YIELD_FORM, days: '1.5' })).toHaveProperty('errors.days');
    expect(validateYieldForm(DEFAULT_YIELD_FORM)).toEqual({
      request: { token: 'STX', amount: '1000', tier: 'balanced', days: 30 },
    });
  });

  it('refuses a deposit over the tier capacity with the room left', () => {
    expect(capacityError(5n, 5n, 'STX', 'balanced')).toBeNull();
    expect(capacityError(2_000_000n, 1_500_000n, 'STX', 'balanced')).toBe(
      'The balanced STX tier has room for 1.5 STX more; deposit at most that.',
    );
    expect(capacityError(1n, 0n, 'SBTC', 'aggressive')).toBe(
      'The aggressive sBTC tier is full: it has no room for new capital.',
    );
  });
});
