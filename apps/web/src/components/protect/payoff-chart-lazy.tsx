'use client';
import dynamic from 'next/dynamic';

/**
 * The payoff chart in its own chunk: recharts is the largest library on the site (~114 kB gzip),
 * and nothing but this chart needs it, so the page's first load leaves it out and fetches it while
 * the quote loads. Not rendered on the server: the chart only exists once a quote has arrived in
 * the browser. The placeholder holds the chart's height, so nothing below it moves.
 */
export const PayoffChart = dynamic(() => import('./payoff-chart').then((m) => m.PayoffChart), {
  ssr: false,
  loading: () => <div className="h-72 w-full animate-pulse rounded-lg bg-slate-100" aria-hidden />,
});
