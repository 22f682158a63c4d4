'use client';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, Input } from '@/components/ui/field';
import { LoadMore } from '@/components/ui/load-more';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import type { RouterOutputs } from '@/trpc/types';
import { formatWhen } from './admin-format';
import { FIRST_ALERTS_PAGE } from './admin-queries';
import { alertDetails, alertKind } from './alerts-format';
import { fieldErrors } from './form-errors';

type AdminAlert = RouterOutputs['admin']['alerts']['alerts'][number];
type Shown = 'open' | 'all';

/**
 * What the backend raised for the people who run the pool and could not settle on its own: a
 * withdrawal beyond what the ledger held, a quarantined chain event, a reconciliation mismatch, a
 * provider on margin call. Open ones first; each can be marked resolved with a note (audited).
 */
export function AlertsSection() {
  const trpc = useTRPC();
  const [shown, setShown] = useState<Shown>('open');
  const alerts = useInfiniteQuery(
    trpc.admin.alerts.infiniteQueryOptions(
      { ...FIRST_ALERTS_PAGE, status: shown },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = alerts.data?.pages.flatMap((p) => p.alerts) ?? [];
  const openCount = alerts.data?.pages[0]?.openCount;
  return (
    <section aria-labelledby="alerts-heading" className="space-y-stack">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 id="alerts-heading" className="flex items-center gap-2 text-xl font-semibold text-slate-900">
            Alerts
            {openCount ? <Badge tone="danger">{openCount} open</Badge> : null}
          </h2>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            What the backend could not settle on its own. Resolve one once it is dealt with; a check that
            still finds the problem raises it again.
          </p>
        </div>
        <fieldset className="flex gap-2">
          <legend className="sr-only">Show</legend>
          {(['open', 'all'] as const).map((s) => (
            <Button
              key={s}
              size="sm"
              variant={shown === s ? 'primary' : 'secondary'}
              aria-pressed={shown === s}
              onClick={() => setShown(s)}
            >
              {s === 'open' ? 'Open' : 'All'}
            </Button>
          ))}
        </fieldset>
      </div>
      {alerts.isPending ? (
        <LoadingCards count={1} label="Loading alerts" />
      ) : alerts.isError ? (
        <ErrorPanel
          title="Alerts are unavailable"
          message={alerts.error.message}
          onRetry={() => alerts.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState title={shown === 'open' ? 'No open alert' : 'No alert yet'}>
          Withdrawal deficits, quarantined events, reconciliation mismatches and margin calls show here.
        </EmptyState>
      ) : (
        <Card flush>
          <ol className="divide-y divide-slate-100">
            {rows.map((a) => (
              <AlertRow key={String(a.id)} alert={a} />
            ))}
          </ol>
          <LoadMore query={alerts} wrapperClassName="border-t border-slate-100 p-3 text-center">
            Show older
          </LoadMore>
        </Card>
      )}
    </section>
  );
}

function AlertRow({ alert }: { alert: AdminAlert }) {
  const kind = alertKind(alert.kind);
  const details = alertDetails(alert.data);
  return (
    <li className="space-y-2 p-card">
      <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <div className="min-w-0 space-y-1">
          <Badge tone={alert.resolvedAt ? 'neutral' : kind.tone}>{kind.label}</Badge>
          {/* Messages name principals: 41 characters with no break, wider than a phone. */}
          <p className="font-medium text-slate-900 [overflow-wrap:anywhere]">{alert.message}</p>
        </div>
        <p className="shrink-0 text-xs text-slate-500">
          {formatWhen(alert.createdAt)}
          {alert.resolvedAt ? ` · resolved ${formatWhen(alert.resolvedAt)}` : ''}
        </p>
      </div>
      {details.length > 0 ? (
        <details className="text-sm text-slate-700">
          <summary className="cursor-pointer text-slate-600">Details</summary>
          <ul className="mt-1 space-y-0.5 break-all font-mono text-xs">
            {details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {alert.resolvedAt ? null : <ResolveAlert id={alert.id} />}
    </li>
  );
}

/** "Resolve…" opens a note field; the note says how it was dealt with and goes to the audit log. */
function ResolveAlert({ id }: { id: AdminAlert['id'] }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const resolve = useMutation(
    trpc.admin.resolveAlert.mutationOptions({ onSuccess: () => void invalidate.alerts() }),
  );
  if (!open)
    return (
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
        Resolve…
      </Button>
    );
  const fieldId = `resolve-${id}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    resolve.mutate({ id, note });
  };
  const noteError = fieldErrors(resolve.error).note;
  return (
    <form onSubmit={submit} className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <Field id={fieldId} label="How it was dealt with" error={noteError} className="flex-1">
        {(control) => (
          <Input
            {...control}
            className="w-full"
            value={note}
            maxLength={500}
            required
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <div className="flex gap-2">
        <Button type="submit" size="sm" loading={resolve.isPending}>
          Resolve
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
      {resolve.error && !noteError ? <Alert tone="error">{resolve.error.message}</Alert> : null}
    </form>
  );
}
