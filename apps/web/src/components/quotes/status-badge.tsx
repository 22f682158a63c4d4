const STYLES = {
  ACTIVE: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  EXPIRED: 'bg-slate-100 text-slate-600 ring-slate-200',
  PURCHASED: 'bg-sky-50 text-sky-800 ring-sky-200',
} as const;

export function StatusBadge({ status }: { status: keyof typeof STYLES }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ${STYLES[status]}`}>
      {status.toLowerCase()}
    </span>
  );
}
