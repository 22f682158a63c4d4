'use client';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_TICK, ChartBox, ChartFigure, chartMargin, GRID, SERIES_LINE } from '@/components/ui/chart';
import { formatUsdCompact, formatUsdNumber } from '@/lib/format';

export interface PayoffPoint {
  price: number;
  protectionValue: number;
  netValue: number;
}

interface Marker {
  label: string;
  price: number;
  color: string;
  /** Where the label sits: three markers are often within a few pixels of each other. */
  position: 'top' | 'insideTopLeft' | 'insideBottomRight';
}

/** What the policy pays, and the buyer's result after the premium, across BTC prices at expiry. */
export function PayoffChart({
  scenarios,
  spot,
  strike,
  breakEven,
}: {
  scenarios: PayoffPoint[];
  spot: number;
  strike: number;
  breakEven: number;
}) {
  const markers: Marker[] = [
    { label: 'Spot', price: spot, color: '#475569', position: 'top' },
    { label: 'Strike', price: strike, color: '#f7931a', position: 'insideTopLeft' },
    { label: 'Break-even', price: breakEven, color: '#0284c7', position: 'insideBottomRight' },
  ];
  const summary = `Payoff at expiry from ${formatUsdNumber(scenarios[0]?.price ?? 0)} to ${formatUsdNumber(
    scenarios.at(-1)?.price ?? 0,
  )}: spot ${formatUsdNumber(spot)}, strike ${formatUsdNumber(strike)}, break-even ${formatUsdNumber(breakEven)}.`;
  return (
    <ChartFigure summary={summary}>
      <ChartBox label={summary} height="h-72" testId="payoff-chart">
        <LineChart data={scenarios} margin={chartMargin(24)}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="price"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={formatUsdCompact}
            tick={AXIS_TICK}
          />
          <YAxis tickFormatter={formatUsdCompact} width={64} tick={AXIS_TICK} />
          <Tooltip
            formatter={(value) => formatUsdNumber(Number(value), 2)}
            labelFormatter={(label) => `BTC at ${formatUsdNumber(Number(label))}`}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine y={0} stroke="#94a3b8" />
          {markers.map((m) => (
            <ReferenceLine
              key={m.label}
              x={m.price}
              stroke={m.color}
              strokeDasharray="4 3"
              label={{ value: m.label, position: m.position, fill: m.color, fontSize: 11 }}
            />
          ))}
          <Line
            type="linear"
            dataKey="protectionValue"
            name="Policy pays"
            stroke="#f7931a"
            {...SERIES_LINE}
          />
          <Line type="linear" dataKey="netValue" name="Net after premium" stroke="#0f172a" {...SERIES_LINE} />
        </LineChart>
      </ChartBox>
    </ChartFigure>
  );
}
