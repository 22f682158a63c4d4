import { PROVIDER_QUOTE_LIMITS } from '@bithedge/api/quote-limits';
import type { Token } from '@bithedge/db';
import { parseDecimal, TIERS, type Tier } from '@bithedge/pricing';
import { formatToken, TOKEN_META } from '@/lib/format';

/**
 * The /provide form's state: what the URL holds (?token=&amount=&tier=&days=, so an estimate can
 * be shared), and which of it the server may be asked about. Pure functions, tested on their own;
 * the rules are the server's (`PROVIDER_QUOTE_LIMITS`).
 */
export interface YieldForm {
  token: Token;
  /** Whole tokens, as typed. */
  amount: string;
  tier: Tier;
  days: string;
}

export interface YieldRequest {
  token: Token;
  amount: string;
  tier: Tier;
  days: number;
}

export const DEFAULT_YIELD_FORM: YieldForm = { token: 'STX', amount: '1000', tier: 'balanced', days: '30' };

export function yieldFormFromSearchParams(params: URLSearchParams): YieldForm {
  const token = params.get('token')?.toUpperCase();
  const tier = params.get('tier')?.toLowerCase() as Tier | undefined;
  return {
    token: token === 'SBTC' ? 'SBTC' : 'STX',
    amount: params.get('amount') ?? DEFAULT_YIELD_FORM.amount,
    tier: tier && (TIERS as readonly string[]).includes(tier) ? tier : DEFAULT_YIELD_FORM.tier,
    days: params.get('days') ?? DEFAULT_YIELD_FORM.days,
  };
}

export function yieldFormToSearchParams(form: YieldForm): URLSearchParams {
  return new URLSearchParams({ token: form.token, amount: form.amount, tier: form.tier, days: form.days });
}

/** The amount in base units, or why it cannot be deposited (the message the deposit form shows). */
export function amountUnits(amount: string, token: Token): bigint | string {
  const meta = TOKEN_META[token];
  let units: bigint;
  try {
    units = parseDecimal(amount.trim() || 'x', meta.decimals);
  } catch {
    return `Enter an amount of ${meta.label} with at most ${meta.decimals} decimals`;
  }
  if (units <= 0n) return 'Enter an amount greater than 0';
  const max = PROVIDER_QUOTE_LIMITS.maxAmount[token];
  if (units > parseDecimal(max, meta.decimals)) return `Enter at most ${max} ${meta.label}`;
  return units;
}

export function validateYieldForm(
  form: YieldForm,
): { request: YieldRequest } | { errors: Partial<Record<'amount' | 'days', string>> } {
  const errors: Partial<Record<'amount' | 'days', string>> = {};
  const units = amountUnits(form.amount, form.token);
  if (typeof units === 'string') errors.amount = units;
  const days = Number(form.days);
  const { minDays, maxDays } = PROVIDER_QUOTE_LIMITS;
  if (!/^\d+$/.test(form.days.trim()) || days < minDays || days > maxDays)
    errors.days = `Enter a whole number of days from ${minDays} to ${maxDays}`;
  if (Object.keys(errors).length > 0) return { errors };
  return { request: { token: form.token, amount: form.amount.trim(), tier: form.tier, days } };
}

/**
 * A deposit above the tier's room is refused before the wallet opens, saying how much room is
 * left (the tier's capacity limit less its capital, from the pool's live figures).
 */
export function capacityError(units: bigint, capacityLeft: bigint, token: Token, tier: Tier): string | null {
  if (units <= capacityLeft) return null;
  return capacityLeft === 0n
    ? `The ${tier} ${TOKEN_META[token].label} tier is full: it has no room for new capital.`
    : `The ${tier} ${TOKEN_META[token].label} tier has room for ${formatToken(capacityLeft, token, TOKEN_META[token].decimals)} more; deposit at most that.`;
}
