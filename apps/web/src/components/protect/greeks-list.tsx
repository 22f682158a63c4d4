import { formatUsdNumber } from '@/lib/format';

export interface PositionGreeks {
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
}

const fmt = (value: number, digits = 2) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The policy's sensitivities, each in the unit a buyer thinks in, with one line of meaning. */
export function GreeksList({ greeks }: { greeks: PositionGreeks }) {
  const rows = [
    {
      name: 'Delta',
      value: fmt(greeks.delta, 4),
      meaning: 'USD the policy gains when BTC rises $1 (negative for a PUT: it gains as BTC falls).',
    },
    {
      name: 'Gamma',
      value: fmt(greeks.gamma, 8),
      meaning: 'How much delta changes per $1 BTC move: protection kicks in faster near the strike.',
    },
    {
      name: 'Vega',
      value: formatUsdNumber(greeks.vega / 100, 2),
      meaning: 'USD of value per 1 percentage point more volatility.',
    },
    {
      name: 'Theta',
      value: formatUsdNumber(-greeks.theta / 365, 2),
      meaning: 'USD of value the policy loses per day as expiry approaches, all else equal.',
    },
    {
      name: 'Rho',
      value: formatUsdNumber(greeks.rho / 100, 2),
      meaning: 'USD of value per 1 percentage point higher interest rates.',
    },
  ];
  return (
    <dl className="divide-y divide-slate-100 text-sm" data-testid="greeks">
      {rows.map((row) => (
        <div key={row.name} className="grid grid-cols-[5rem_1fr_auto] items-baseline gap-3 py-2">
          <dt className="font-medium text-slate-900">{row.name}</dt>
          <dd className="text-xs text-slate-500">{row.meaning}</dd>
          <dd className="text-right tabular-nums text-slate-900">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
