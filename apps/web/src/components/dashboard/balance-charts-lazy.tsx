'use client';
import dynamic from 'next/dynamic';

const placeholder = () => <div className="h-64 w-full animate-pulse rounded-lg bg-slate-100" aria-hidden />;

/**
 * The dashboard's charts in their own chunk (recharts is the site's largest library, see
 * payoff-chart-lazy.tsx): the dashboard's HTML carries the figures, and the charts follow in
 * the browser. The placeholder holds their height so nothing below moves.
 */
export const BalanceCompositionChart = dynamic(
  () => import('./balance-charts').then((m) => m.BalanceCompositionChart),
  { ssr: false, loading: placeholder },
);
export const PremiumIncomeChart = dynamic(
  () => import('./balance-charts').then((m) => m.PremiumIncomeChart),
  {
    ssr: false,
    loading: placeholder,
  },
);
