'use client';
import dynamic from 'next/dynamic';

const loadYieldChart = () => import('./yield-chart').then((m) => m.YieldChart);

// Fetched as soon as the page's code runs, alongside the first yield request (see payoff-chart-lazy).
if (typeof window !== 'undefined') void loadYieldChart();

/** The projected income chart in its own chunk: recharts stays out of the page's first load. */
export const YieldChart = dynamic(loadYieldChart, {
  ssr: false,
  loading: () => <div className="h-64 w-full animate-pulse rounded-lg bg-slate-100" aria-hidden />,
});
