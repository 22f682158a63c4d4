'use client';
import type { Token } from '@bithedge/db';
import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_TICK, ChartBox, ChartFigure, chartMargin, GRID } from '@/components/ui/chart';
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
    <ChartFigure summary={summary}>
      <ChartBox label={summary} testId={`balance-chart-${token}`}>
        <AreaChart data={data} margin={chartMargin()}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(t) => day.format(t)}
            tick={AXIS_TICK}
          />
          <YAxis tickFormatter={compact} width={56} tick={AXIS_TICK} />
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
      </ChartBox>
    </ChartFigure>
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
    <ChartFigure summary={summary}>
      <ChartBox label={summary} testId={`premium-chart-${token}`}>
        <AreaChart data={data} margin={chartMargin()}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(t) => day.format(t)}
            tick={AXIS_TICK}
          />
          <YAxis tickFormatter={compact} width={56} tick={AXIS_TICK} />
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
      </ChartBox>
    </ChartFigure>
  );
}
