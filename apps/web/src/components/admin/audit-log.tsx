'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadMore } from '@/components/ui/load-more';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { shortAddress } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import type { RouterOutputs } from '@/trpc/types';
import { formatWhen } from './admin-format';
import { FIRST_AUDIT_PAGE } from './admin-queries';

type Entry = RouterOutputs['admin']['auditLog']['entries'][number];

const ACTIONS: Record<string, string> = {
  'risk_parameters.publish': 'Published risk parameters',
  'tier.publish': 'Published a tier',
  'admin_alert.resolve': 'Resolved an alert',
};

/** What a published version is, in a few words: "PUT v3", "balanced STX v2". */
function subject(state: unknown): string {
  if (!state || typeof state !== 'object') return '';
  const s = state as Record<string, unknown>;
  const name = [s.policyType, s.tier, s.token].filter((p) => typeof p === 'string').join(' ');
  return typeof s.version === 'number' ? `${name} v${s.version}` : name;
}

/** The fields whose value differs between before and after (one level into nested objects). */
function changedFields(before: unknown, after: unknown): string[] {
  const flat = (v: unknown, prefix = ''): Record<string, unknown> => {
    if (!v || typeof v !== 'object') return {};
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).flatMap(([k, x]) =>
        x && typeof x === 'object' && !Array.isArray(x)
          ? Object.entries(flat(x, `${prefix}${k}.`))
          : [[`${prefix}${k}`, x]],
      ),
    );
  };
  const a = flat(before);
  const b = flat(after);
  const skip = new Set(['id', 'version', 'isActive', 'createdAt', 'createdBy']);
  return Object.keys(b)
    .filter((k) => !skip.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => (k in a ? `${k}: ${String(a[k])} → ${String(b[k])}` : `${k}: ${String(b[k])}`));
}

/** Every admin action, newest first: who, what, when, and what it changed. */
export function AuditLog() {
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.admin.auditLog.infiniteQueryOptions(FIRST_AUDIT_PAGE, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <section aria-labelledby="audit-heading" className="space-y-stack">
      <div>
        <h2 id="audit-heading" className="text-xl font-semibold text-slate-900">
          Audit log
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Every admin action, recorded in the same transaction as the change it made.
        </p>
      </div>
      {log.isPending ? (
        <LoadingCards count={1} label="Loading the audit log" />
      ) : log.isError ? (
        <ErrorPanel
          title="The audit log is unavailable"
          message={log.error.message}
          onRetry={() => log.refetch()}
        />
      ) : entries.length === 0 ? (
        <EmptyState title="No admin action yet">
          Publishing risk parameters or a tier is recorded here.
        </EmptyState>
      ) : (
        <Card flush>
          <ol className="divide-y divide-slate-100">
            {entries.map((e) => (
              <AuditRow key={String(e.id)} entry={e} />
            ))}
          </ol>
          <LoadMore query={log} wrapperClassName="border-t border-slate-100 p-3 text-center">
            Show older
          </LoadMore>
        </Card>
      )}
    </section>
  );
}

function AuditRow({ entry }: { entry: Entry }) {
  const changes = changedFields(entry.before, entry.after);
  return (
    <li className="p-card">
      <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between">
        <p className="font-medium text-slate-900">
          {ACTIONS[entry.action] ?? entry.action}{' '}
          <span className="text-slate-600">{subject(entry.after)}</span>
        </p>
        <p className="text-xs text-slate-500">
          <span title={entry.actor}>{shortAddress(entry.actor)}</span> · {formatWhen(entry.createdAt)}
        </p>
      </div>
      {entry.before === null ? (
        <p className="mt-1 text-sm text-slate-600">First version.</p>
      ) : changes.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">Same values as {subject(entry.before)}.</p>
      ) : (
        <ul className="mt-1 space-y-0.5 break-words text-sm text-slate-700">
          {changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
