import { QUOTE_LIMITS } from '@bithedge/api/quote-limits';
import type { PolicyType } from '@bithedge/pricing';

/**
 * The /protect form's state: what the URL holds (so a quote can be shared), what the user typed,
 * and which of it the server may be asked about. Pure functions, tested on their own.
 */
export type { PolicyType };

export interface QuoteForm {
  /** Whole % of spot, 50–150. */
  protectedValuePercentage: string;
  /** BTC, up to 8 decimals. */
  amount: string;
  days: string;
  policyType: PolicyType;
  /** What-if BTC price in USD; empty for the live price. */
  spot: string;
}

export const DEFAULT_FORM: QuoteForm = {
  protectedValuePercentage: '90',
  amount: '0.1',
  days: '30',
  policyType: 'PUT',
  spot: '',
};

const LIMITS = {
  pct: [QUOTE_LIMITS.minProtectedValuePercentage, QUOTE_LIMITS.maxProtectedValuePercentage],
  days: [QUOTE_LIMITS.minDays, QUOTE_LIMITS.maxDays],
  maxAmount: Number(QUOTE_LIMITS.maxAmountBtc),
} as const;

/** Reads the form from URL search params; missing or junk values fall back to the defaults. */
export function formFromSearchParams(params: URLSearchParams): QuoteForm {
  const type = params.get('type')?.toUpperCase();
  return {
    protectedValuePercentage: params.get('pct') ?? DEFAULT_FORM.protectedValuePercentage,
    amount: params.get('amount') ?? DEFAULT_FORM.amount,
    days: params.get('days') ?? DEFAULT_FORM.days,
    policyType: type === 'CALL' ? 'CALL' : 'PUT',
    spot: params.get('spot') ?? '',
  };
}

export function formToSearchParams(form: QuoteForm): URLSearchParams {
  const params = new URLSearchParams({
    type: form.policyType,
    pct: form.protectedValuePercentage,
    amount: form.amount,
    days: form.days,
  });
  if (form.spot.trim() !== '') params.set('spot', form.spot.trim());
  return params;
}

export interface QuoteRequest {
  protectedValuePercentage: number;
  amount: string;
  days: number;
  policyType: PolicyType;
  spotOverrideUsd?: number;
}

export type FieldErrors = Partial<Record<keyof QuoteForm, string>>;

const WHOLE = /^\d+$/;
const BTC = /^\d{1,8}(\.\d{1,8})?$/;

/**
 * The request the form stands for, or the errors that keep it from being sent. These mirror the
 * server's rules so the user hears about a typo at once; the server still checks everything.
 */
export function validateForm(form: QuoteForm): { request: QuoteRequest } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const pct = Number(form.protectedValuePercentage);
  if (!WHOLE.test(form.protectedValuePercentage) || pct < LIMITS.pct[0] || pct > LIMITS.pct[1])
    errors.protectedValuePercentage = `Enter a whole percentage from ${LIMITS.pct[0]} to ${LIMITS.pct[1]}`;
  const amount = form.amount.trim();
  if (!BTC.test(amount)) errors.amount = 'Enter an amount of BTC with at most 8 decimals';
  else if (Number(amount) <= 0) errors.amount = 'The amount must be greater than 0';
  else if (Number(amount) > LIMITS.maxAmount) errors.amount = `At most ${LIMITS.maxAmount} BTC per policy`;
  const days = Number(form.days);
  if (!WHOLE.test(form.days) || days < LIMITS.days[0] || days > LIMITS.days[1])
    errors.days = `Enter whole days from ${LIMITS.days[0]} to ${LIMITS.days[1]}`;
  const spotText = form.spot.trim();
  const spot = Number(spotText);
  if (spotText !== '' && !(Number.isFinite(spot) && spot > 0))
    errors.spot = 'Enter a BTC price in USD, or leave empty';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    request: {
      protectedValuePercentage: pct,
      amount,
      days,
      policyType: form.policyType,
      ...(spotText !== '' ? { spotOverrideUsd: spot } : {}),
    },
  };
}
