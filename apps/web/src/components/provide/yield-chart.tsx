'use client';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_TICK, ChartBox, ChartFigure, chartMargin, GRID } from '@/components/ui/chart';
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
    <ChartFigure summary={summary}>
      <ChartBox label={summary} testId="yield-chart">
        <LineChart data={points} margin={chartMargin(12)}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="day"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(d) => `d${d}`}
            tick={AXIS_TICK}
          />
          <YAxis tickFormatter={formatUsdCompact} width={64} tick={AXIS_TICK} />
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
      </ChartBox>
    </ChartFigure>
  );
}
