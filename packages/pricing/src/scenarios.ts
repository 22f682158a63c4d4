import type { PolicyType } from './premium.ts';

export interface ScenarioInput {
  spot: number;
  strike: number;
  /** Premium paid for the whole amount (USD). */
  premium: number;
  /** BTC covered. */
  amount: number;
  policyType: PolicyType;
  /** Lowest price shown (default 50% of spot). */
  from?: number;
  /** Highest price shown (default 150% of spot). */
  to?: number;
  /** Number of intervals (default 60; steps + 1 points). */
  steps?: number;
}

export interface Scenario {
  /** BTC price at expiry. */
  price: number;
  /** What the policy pays at that price (USD). */
  protectionValue: number;
  /** Payout less the premium (USD). */
  netValue: number;
}

/** Payoff at expiry across a range of BTC prices, for payoff charts. */
export function generatePriceScenarios(input: ScenarioInput): Scenario[] {
  const from = input.from ?? input.spot * 0.5;
  const to = input.to ?? input.spot * 1.5;
  const steps = input.steps ?? 60;
  if (!(Number.isFinite(from) && Number.isFinite(to) && from >= 0 && to > from)) {
    throw new RangeError(`from and to must satisfy 0 ≤ from < to (got ${from}, ${to})`);
  }
  if (!(Number.isInteger(steps) && steps >= 1 && steps <= 10_000))
    throw new RangeError(`steps must be an integer in 1…10000 (got ${steps})`);
  const put = input.policyType === 'PUT';
  return Array.from({ length: steps + 1 }, (_, i) => {
    const price = from + ((to - from) * i) / steps;
    const protectionValue = Math.max(put ? input.strike - price : price - input.strike, 0) * input.amount;
    return { price, protectionValue, netValue: protectionValue - input.premium };
  });
}
