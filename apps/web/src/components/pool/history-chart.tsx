'use client';
import type { Token } from '@bithedge/db';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_TICK, ChartBox, ChartFigure, chartMargin, GRID, SERIES_LINE } from '@/components/ui/chart';
import { formatBps, formatToken, TOKEN_META } from '@/lib/format';

/** One hour of history as the charts plot it. */
export interface HistoryChartPoint {
  time: number;
  /** Whole tokens, for the axis only: the tooltip formats the exact base units. */
  capital: number;
  locked: number;
  capitalUnits: bigint;
  lockedUnits: bigint;
  utilizationBps: number;
}

const hourLabel = (time: number) =>
  new Date(time).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit' });

/** Capital and locked (in the token), and utilization (%), over time. */
export function HistoryCharts({ points, token }: { points: HistoryChartPoint[]; token: Token }) {
  const label = TOKEN_META[token].label;
  const last = points.at(-1);
  const summary = last
    ? `${points.length} hourly points; latest: capital ${formatToken(last.capitalUnits, token)}, locked ${formatToken(
        last.lockedUnits,
        token,
      )}, utilization ${formatBps(last.utilizationBps)}.`
    : 'No points.';
  const byTime = new Map(points.map((p) => [p.time, p]));
  return (
    <ChartFigure summary={summary} className="space-y-6">
      <ChartBox label={`Capital and locked ${label}. ${summary}`}>
        <LineChart data={points} margin={chartMargin()}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="time"
            type="number"
            domain={['dataMin', 'dataMax']}
            scale="time"
            tickFormatter={hourLabel}
            tick={AXIS_TICK}
          />
          <YAxis width={72} tick={AXIS_TICK} tickFormatter={(v: number) => v.toLocaleString()} />
          <Tooltip
            labelFormatter={(time) => hourLabel(Number(time))}
            formatter={(_value, name, item) => {
              const point = byTime.get((item.payload as HistoryChartPoint).time);
              if (!point) return '';
              return formatToken(name === 'Locked' ? point.lockedUnits : point.capitalUnits, token);
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line type="stepAfter" dataKey="capital" name="Capital" stroke="#0f172a" {...SERIES_LINE} />
          <Line type="stepAfter" dataKey="locked" name="Locked" stroke="#f59e0b" {...SERIES_LINE} />
        </LineChart>
      </ChartBox>
      <ChartBox label={`Utilization. ${summary}`} height="h-48">
        <LineChart data={points} margin={chartMargin()}>
          <CartesianGrid {...GRID} />
          <XAxis
            dataKey="time"
            type="number"
            domain={['dataMin', 'dataMax']}
            scale="time"
            tickFormatter={hourLabel}
            tick={AXIS_TICK}
          />
          <YAxis
            width={72}
            tick={AXIS_TICK}
            domain={[0, 10_000]}
            tickFormatter={(v: number) => `${v / 100}%`}
          />
          <Tooltip
            labelFormatter={(time) => hourLabel(Number(time))}
            formatter={(value) => formatBps(Number(value))}
          />
          <Line
            type="stepAfter"
            dataKey="utilizationBps"
            name="Utilization"
            stroke="#2563eb"
            {...SERIES_LINE}
          />
        </LineChart>
      </ChartBox>
    </ChartFigure>
  );
}
