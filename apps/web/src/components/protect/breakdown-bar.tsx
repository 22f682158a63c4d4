import { formatUsd } from '@/lib/format';

export interface Breakdown {
  intrinsicValue: bigint;
  timeValue: bigint;
  volatilityImpact: bigint;
  riskLoading: bigint;
}

const PARTS = [
  {
    key: 'intrinsicValue',
    label: 'Intrinsic value',
    color: 'bg-slate-700',
    help: 'What the policy would pay if BTC stayed where it is.',
  },
  {
    key: 'timeValue',
    label: 'Time value',
    color: 'bg-brand-500',
    help: 'The chance BTC moves past the strike before expiry.',
  },
  {
    key: 'volatilityImpact',
    label: 'Volatility',
    color: 'bg-warning-300',
    help: 'The volatility risk premium the pool charges over market volatility.',
  },
  {
    key: 'riskLoading',
    label: 'Risk loading',
    color: 'bg-info-500',
    help: 'Capital charge and tier, duration, coverage and market loadings.',
  },
] as const;

/** The premium's four parts as one stacked bar; they add up exactly to the premium. */
export function BreakdownBar({ breakdown, premiumUsd }: { breakdown: Breakdown; premiumUsd: bigint }) {
  // A negative part (a tier discount) cannot be drawn as a width; it is listed instead.
  const positive = PARTS.map((p) => ({ ...p, value: breakdown[p.key] })).filter((p) => p.value > 0n);
  const drawn = positive.reduce((sum, p) => sum + p.value, 0n);
  return (
    <figure aria-labelledby="breakdown-caption">
      <figcaption id="breakdown-caption" className="text-sm font-medium text-slate-700">
        What the premium is made of
      </figcaption>
      <div className="mt-2 flex h-3 overflow-hidden rounded-full bg-slate-100" aria-hidden>
        {drawn > 0n
          ? positive.map((p) => (
              <div
                key={p.key}
                className={`${p.color} transition-[width] duration-300`}
                style={{ width: `${Number((p.value * 10_000n) / drawn) / 100}%` }}
              />
            ))
          : null}
      </div>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="breakdown">
        {PARTS.map((p) => (
          <div key={p.key} className="flex items-start justify-between gap-3">
            <dt className="flex items-start gap-2 text-slate-600">
              <span className={`mt-1.5 size-2.5 shrink-0 rounded-sm ${p.color}`} aria-hidden />
              <span>
                {p.label}
                <span className="block text-xs text-slate-500">{p.help}</span>
              </span>
            </dt>
            <dd className="tabular-nums text-slate-900">{formatUsd(breakdown[p.key])}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-slate-500">
        Sum: {formatUsd(premiumUsd, 8)} — exactly the premium, to the last 10⁻⁸ dollar.
      </p>
    </figure>
  );
}
