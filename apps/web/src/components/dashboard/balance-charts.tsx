'use client';
import type { Token } from '@bithedge/db';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatToken, formatUnits, TOKEN_META } from '@/lib/format';

export interface BalanceChartPoint {
  at: Date;
  available: bigint;
  locked: bigint;
  pendingWithdrawal: bigint;
  premiumIncome: bigint;
}

const SERIES = [
  { key: 'available', label: 'Available', color: '#0284c7' },
  { key: 'locked', label: 'Locked', color: '#f7931a' },
  { key: 'pendingWithdrawal', label: 'Pending withdrawal', color: '#94a3b8' },
] as const;
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * Chart coordinates are whole tokens as numbers (a chart needs numbers); the tooltip shows the
 * exact amounts from the bigints each point keeps.
 */
function plotted(points: readonly BalanceChartPoint[], token: Token) {
  const unit = 10 ** TOKEN_META[token].decimals;
  return points.map((p) => ({
    t: p.at.getTime(),
    available: Number(p.available) / unit,
    locked: Number(p.locked) / unit,
    pendingWithdrawal: Number(p.pendingWithdrawal) / unit,
    premiumIncome: Number(p.premiumIncome) / unit,
    exact: p,
  }));
}

type Plotted = ReturnType<typeof plotted>[number];
const axisTick = { fontSize: 12, fill: '#475569' };
const compact = (value: number) =>
  value.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 2 });

function exactTooltip(token: Token, key: keyof BalanceChartPoint) {
  return (_value: unknown, _name: unknown, item: { payload?: Plotted; dataKey?: unknown }) =>
    item.payload
      ? formatToken(item.payload.exact[(item.dataKey as typeof key) ?? key] as bigint, token, 6)
      : '';
}

/** Balance composition over time: available, locked and pending withdrawal, stacked. */
export function BalanceCompositionChart({
  points,
  token,
}: {
  points: readonly BalanceChartPoint[];
  token: Token;
}) {
  const data = plotted(points, token);
  const last = points.at(-1);
  const summary = last
    ? `${TOKEN_META[token].label} balances over ${points.length} points: now ${formatToken(last.available, token)} available, ${formatToken(last.locked, token)} locked, ${formatToken(last.pendingWithdrawal, token)} pending withdrawal.`
    : 'No balances yet.';
  return (
    <figure>
      <figcaption className="sr-only">{summary}</figcaption>
      <div className="h-64 w-full" role="img" aria-label={summary} data-testid={`balance-chart-${token}`}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(t) => day.format(t)}
              tick={axisTick}
            />
            <YAxis tickFormatter={compact} width={56} tick={axisTick} />
            <Tooltip
              labelFormatter={(t) => day.format(Number(t))}
              formatter={exactTooltip(token, 'available')}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {SERIES.map((s) => (
              <Area
                key={s.key}
                type="stepAfter"
                dataKey={s.key}
                name={s.label}
                stackId="capital"
                stroke={s.color}
                fill={s.color}
                fillOpacity={0.35}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Premium income accrued to date (pending + earned + claimed), cumulative. */
export function PremiumIncomeChart({
  points,
  token,
}: {
  points: readonly BalanceChartPoint[];
  token: Token;
}) {
  const data = plotted(points, token);
  const total = points.at(-1)?.premiumIncome ?? 0n;
  const summary = `Cumulative ${TOKEN_META[token].label} premium income: ${formatUnits(total, TOKEN_META[token].decimals)} ${TOKEN_META[token].label} to date.`;
  return (
    <figure>
      <figcaption className="sr-only">{summary}</figcaption>
      <div className="h-64 w-full" role="img" aria-label={summary} data-testid={`premium-chart-${token}`}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(t) => day.format(t)}
              tick={axisTick}
            />
            <YAxis tickFormatter={compact} width={56} tick={axisTick} />
            <Tooltip
              labelFormatter={(t) => day.format(Number(t))}
              formatter={exactTooltip(token, 'premiumIncome')}
            />
            <Area
              type="stepAfter"
              dataKey="premiumIncome"
              name="Premium income"
              stroke="#16a34a"
              fill="#16a34a"
              fillOpacity={0.25}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
