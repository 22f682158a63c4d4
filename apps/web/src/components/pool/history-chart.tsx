'use client';
import type { Token } from '@bithedge/db';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
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
const axisTick = { fontSize: 12, fill: '#475569' };

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
    <figure className="space-y-6">
      <figcaption className="sr-only">{summary}</figcaption>
      <div className="h-64 w-full" role="img" aria-label={`Capital and locked ${label}. ${summary}`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis
              dataKey="time"
              type="number"
              domain={['dataMin', 'dataMax']}
              scale="time"
              tickFormatter={hourLabel}
              tick={axisTick}
            />
            <YAxis width={72} tick={axisTick} tickFormatter={(v: number) => v.toLocaleString()} />
            <Tooltip
              labelFormatter={(time) => hourLabel(Number(time))}
              formatter={(_value, name, item) => {
                const point = byTime.get((item.payload as HistoryChartPoint).time);
                if (!point) return '';
                return formatToken(name === 'Locked' ? point.lockedUnits : point.capitalUnits, token);
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line
              type="stepAfter"
              dataKey="capital"
              name="Capital"
              stroke="#0f172a"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              type="stepAfter"
              dataKey="locked"
              name="Locked"
              stroke="#f59e0b"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div className="h-48 w-full" role="img" aria-label={`Utilization. ${summary}`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis
              dataKey="time"
              type="number"
              domain={['dataMin', 'dataMax']}
              scale="time"
              tickFormatter={hourLabel}
              tick={axisTick}
            />
            <YAxis
              width={72}
              tick={axisTick}
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
