import { describe, expect, it } from 'vitest';
import { fieldErrors, formError } from './form-errors';

describe('admin form errors', () => {
  it('places zod issues under their field, without the input container', () => {
    const error = {
      message: 'invalid input',
      data: {
        code: 'BAD_REQUEST',
        zodIssues: [
          { path: ['params', 'baseRate'], message: 'Too big: expected number to be <=1' },
          { path: ['params', 'tierMultipliers', 'balanced'], message: 'Too small' },
        ],
      },
    };
    expect(fieldErrors(error)).toEqual({
      baseRate: 'Too big: expected number to be <=1',
      'tierMultipliers.balanced': 'Too small',
    });
    expect(formError(error)).toMatch(/fields marked below/);
  });

  it('places a service refusal naming its field under that field', () => {
    const error = {
      message: 'marginCallThresholdBps: must be below warningThresholdBps (margin call comes after warning)',
      data: { code: 'BAD_REQUEST', zodIssues: null },
    };
    expect(fieldErrors(error)).toEqual({
      marginCallThresholdBps: 'must be below warningThresholdBps (margin call comes after warning)',
    });
  });

  it('keeps other refusals for the form as a whole', () => {
    const error = { message: 'Market data is 20 min old', data: { code: 'PRECONDITION_FAILED' } };
    expect(fieldErrors(error)).toEqual({});
    expect(formError(error)).toBe('Market data is 20 min old');
    expect(fieldErrors(null)).toEqual({});
  });
});
