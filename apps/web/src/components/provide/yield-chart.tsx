'use client';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatUsdCompact, formatUsdNumber } from '@/lib/format';

export interface YieldChartPoint {
  day: number;
  income: number;
  loss: number;
  net: number;
}

/** Projected cumulative premium income, expected settlement loss and net yield, day by day. */
export function YieldChart({ points }: { points: YieldChartPoint[] }) {
  const last = points.at(-1);
  const summary = last
    ? `Over ${last.day} days: premium income ${formatUsdNumber(last.income, 2)}, expected settlement loss ${formatUsdNumber(last.loss, 2)}, net ${formatUsdNumber(last.net, 2)}, accrued evenly.`
    : 'No projection.';
  return (
    <figure>
      <figcaption className="sr-only">{summary}</figcaption>
      <div className="h-64 w-full" data-testid="yield-chart" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 12, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis
              dataKey="day"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(d) => `d${d}`}
              tick={{ fontSize: 12, fill: '#475569' }}
            />
            <YAxis tickFormatter={formatUsdCompact} width={64} tick={{ fontSize: 12, fill: '#475569' }} />
            <Tooltip
              formatter={(value) => formatUsdNumber(Number(value), 2)}
              labelFormatter={(label) => `Day ${label}`}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <ReferenceLine y={0} stroke="#94a3b8" />
            <Line type="linear" dataKey="income" name="Premium income" stroke="#16a34a" dot={false} />
            <Line type="linear" dataKey="loss" name="Expected settlement loss" stroke="#dc2626" dot={false} />
            <Line type="linear" dataKey="net" name="Net yield" stroke="#f7931a" strokeWidth={2} dot={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
