'use client';
import type { ReactElement, ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

// Imported only by chart modules, which pages load lazily: recharts stays out of first loads.

/** Axis tick text, the same on every chart. */
export const AXIS_TICK = { fontSize: 12, fill: '#475569' };
/** The background grid of every chart. */
export const GRID = { stroke: '#e2e8f0', strokeDasharray: '3 3' };
/** A series line: drawn at once (nothing to wait for in a screenshot or a test), no dots. */
export const SERIES_LINE = { strokeWidth: 2, dot: false, isAnimationActive: false } as const;
/** The plot's margin inside its box; a chart with labels above its lines asks for more top room. */
export const chartMargin = (top = 8) => ({ top, right: 12, bottom: 4, left: 4 });

/** A chart as a figure: a summary in words for screen readers, then the plots. */
export function ChartFigure({
  summary,
  className,
  children,
}: {
  summary: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <figure className={className}>
      <figcaption className="sr-only">{summary}</figcaption>
      {children}
    </figure>
  );
}

/** One plot, read as a single image named by `label`, filling a full-width box of this height. */
export function ChartBox({
  label,
  height = 'h-64',
  testId,
  children,
}: {
  label: string;
  height?: 'h-48' | 'h-64' | 'h-72';
  testId?: string;
  children: ReactElement;
}) {
  return (
    <div className={`${height} w-full`} role="img" aria-label={label} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}
