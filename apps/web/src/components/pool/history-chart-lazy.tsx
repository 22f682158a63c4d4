'use client';
import dynamic from 'next/dynamic';
import { Skeleton } from '@/components/ui/skeleton';

/** The history charts in their own chunk: recharts stays out of /pool's first load. */
export const HistoryCharts = dynamic(() => import('./history-chart').then((m) => m.HistoryCharts), {
  ssr: false,
  loading: () => <Skeleton className="h-[30rem]" />,
});
