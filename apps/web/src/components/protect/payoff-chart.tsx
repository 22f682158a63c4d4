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
    <figure>
      <figcaption className="sr-only">{summary}</figcaption>
      <div className="h-72 w-full" data-testid="payoff-chart" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={scenarios} margin={{ top: 24, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis
              dataKey="price"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={formatUsdCompact}
              tick={{ fontSize: 12, fill: '#475569' }}
            />
            <YAxis tickFormatter={formatUsdCompact} width={64} tick={{ fontSize: 12, fill: '#475569' }} />
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
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              type="linear"
              dataKey="netValue"
              name="Net after premium"
              stroke="#0f172a"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
