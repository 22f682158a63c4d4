import Link from 'next/link';

/** A page whose feature is on the roadmap: says so plainly instead of pretending. */
export function PlannedPage({ title, summary }: { title: string; summary: string }) {
  return (
    <div className="max-w-2xl">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-2 text-slate-600">{summary}</p>
      <p className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
        This part of BitHedge is not available yet. The pool figures on the{' '}
        <Link href="/" className="font-medium text-brand-700 underline">
          overview
        </Link>{' '}
        are live.
      </p>
    </div>
  );
}
