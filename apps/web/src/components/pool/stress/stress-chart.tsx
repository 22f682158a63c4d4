'use client';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_TICK, ChartBox, ChartFigure, chartMargin, GRID, SERIES_LINE } from '@/components/ui/chart';
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
    <ChartFigure summary={summary}>
      <ChartBox label={summary} height="h-72" testId="stress-chart">
        <LineChart data={points} margin={chartMargin(24)}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="changePct"
            type="number"
            domain={['dataMin', 'dataMax']}
            ticks={[-90, -60, -30, 0, 30, 60, 100]}
            tickFormatter={formatChangePct}
            tick={AXIS_TICK}
          />
          <YAxis tickFormatter={formatUsdCompact} width={64} tick={AXIS_TICK} />
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
          <Line type="linear" dataKey="shortfallUsd" name="Shortfall" stroke="#dc2626" {...SERIES_LINE} />
          <Line type="linear" dataKey="lpNetUsd" name="LP net" stroke="#0f172a" {...SERIES_LINE} />
        </LineChart>
      </ChartBox>
    </ChartFigure>
  );
}
