'use client';
import dynamic from 'next/dynamic';
import { Skeleton } from '@/components/ui/skeleton';

/**
 * The stress curve in its own chunk, as the payoff chart is: recharts stays out of every page's
 * first load and arrives while the figures load. Browser-only; the placeholder holds the chart's
 * height, so nothing below it moves.
 */
export const StressChart = dynamic(() => import('./stress-chart').then((m) => m.StressChart), {
  ssr: false,
  loading: () => <Skeleton className="h-72" />,
});
