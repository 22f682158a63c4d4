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
import { formatChangePct } from './stress-params';
import type { StressChartPoint } from './stress-view';

const SCENARIO_COLOR = '#475569';

/** The pool's shortfall and LP net if every live policy settled with BTC anywhere from −90% to +100%. */
export function StressChart({ points, scenarioPct }: { points: StressChartPoint[]; scenarioPct: number }) {
  const worst = points.reduce<StressChartPoint | null>(
    (w, p) => (w === null || p.lpNetUsd < w.lpNetUsd ? p : w),
    null,
  );
  const summary = `Shortfall and LP net with BTC from ${formatChangePct(points[0]?.changePct ?? 0)} to ${formatChangePct(
    points.at(-1)?.changePct ?? 0,
  )}; the scenario is BTC ${formatChangePct(scenarioPct)}${
    worst
      ? `; LP net is lowest, ${formatUsdNumber(worst.lpNetUsd)}, at BTC ${formatChangePct(worst.changePct)}`
      : ''
  }.`;
  const priceAt = new Map(points.map((p) => [p.changePct, p.btcPriceUsd]));
  return (
    <figure>
      <figcaption className="sr-only">{summary}</figcaption>
      <div className="h-72 w-full" data-testid="stress-chart" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 24, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis
              dataKey="changePct"
              type="number"
              domain={['dataMin', 'dataMax']}
              ticks={[-90, -60, -30, 0, 30, 60, 100]}
              tickFormatter={formatChangePct}
              tick={{ fontSize: 12, fill: '#475569' }}
            />
            <YAxis tickFormatter={formatUsdCompact} width={64} tick={{ fontSize: 12, fill: '#475569' }} />
            <Tooltip
              formatter={(value) => formatUsdNumber(Number(value), 2)}
              labelFormatter={(label) => {
                const pct = Number(label);
                const price = priceAt.get(pct);
                return `BTC ${formatChangePct(pct)}${price === undefined ? '' : ` (${formatUsdNumber(price)})`}`;
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <ReferenceLine y={0} stroke="#94a3b8" />
            <ReferenceLine
              x={scenarioPct}
              stroke={SCENARIO_COLOR}
              strokeDasharray="4 3"
              label={{ value: 'Scenario', position: 'top', fill: SCENARIO_COLOR, fontSize: 11 }}
            />
            <Line
              type="linear"
              dataKey="shortfallUsd"
              name="Shortfall"
              stroke="#dc2626"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              type="linear"
              dataKey="lpNetUsd"
              name="LP net"
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
