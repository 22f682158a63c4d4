'use client';
import dynamic from 'next/dynamic';

const loadPayoffChart = () => import('./payoff-chart').then((m) => m.PayoffChart);

// Fetched as soon as this page's code runs in the browser, alongside the first quote request, so
// the chart does not wait for the quote and then for its library.
if (typeof window !== 'undefined') void loadPayoffChart();

/**
 * The payoff chart in its own chunk: recharts is the largest library on the site (~114 kB gzip),
 * and nothing but this chart needs it, so the page's HTML leaves it out (hydration does not wait
 * for it) and only the pages that show the chart fetch it. Not rendered on the server: the chart
 * only exists once a quote has arrived in the browser. The placeholder holds the chart's height,
 * so nothing below it moves.
 */
export const PayoffChart = dynamic(loadPayoffChart, {
  ssr: false,
  loading: () => <div className="h-72 w-full animate-pulse rounded-lg bg-slate-100" aria-hidden />,
});
