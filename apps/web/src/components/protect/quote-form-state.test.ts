import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, formFromSearchParams, formToSearchParams, validateForm } from './quote-form-state';

describe('quote form state', () => {
  it('round-trips through the URL', () => {
    const form = {
      protectedValuePercentage: '80',
      amount: '0.5',
      days: '90',
      policyType: 'CALL' as const,
      spot: '70000',
    };
    expect(formFromSearchParams(formToSearchParams(form))).toEqual(form);
    expect(formToSearchParams(DEFAULT_FORM).toString()).toBe('type=PUT&pct=90&amount=0.1&days=30');
  });

  it('falls back to the defaults for a bare or odd URL', () => {
    expect(formFromSearchParams(new URLSearchParams())).toEqual(DEFAULT_FORM);
    expect(formFromSearchParams(new URLSearchParams('type=straddle')).policyType).toBe('PUT');
    expect(formFromSearchParams(new URLSearchParams('type=call')).policyType).toBe('CALL');
  });

  it('builds the request from valid input', () => {
    expect(validateForm(DEFAULT_FORM)).toEqual({
      request: { protectedValuePercentage: 90, amount: '0.1', days: 30, policyType: 'PUT' },
    });
    expect(validateForm({ ...DEFAULT_FORM, spot: ' 50000 ' })).toMatchObject({
      request: { spotOverrideUsd: 50_000 },
    });
  });

  it('names each bad field', () => {
    const result = validateForm({
      protectedValuePercentage: '49',
      amount: '0.123456789',
      days: '0',
      policyType: 'PUT',
      spot: 'x',
    });
    expect('errors' in result && Object.keys(result.errors).sort()).toEqual([
      'amount',
      'days',
      'protectedValuePercentage',
      'spot',
    ]);
    for (const amount of ['0', '11', '', '1e-3', '-1']) {
      const r = validateForm({ ...DEFAULT_FORM, amount });
      expect('errors' in r && r.errors.amount, amount).toBeTruthy();
    }
    expect(validateForm({ ...DEFAULT_FORM, days: '30.5' })).toHaveProperty('errors.days');
    expect(validateForm({ ...DEFAULT_FORM, protectedValuePercentage: '151' })).toHaveProperty(
      'errors.protectedValuePercentage',
    );
  });
});
