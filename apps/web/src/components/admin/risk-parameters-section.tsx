'use client';
import type { PolicyType } from '@bithedge/db';
import { skipToken, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { type Column, DataTable } from '@/components/ui/data-table';
import { Field, Select } from '@/components/ui/field';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { shortAddress } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import type { RouterOutputs } from '@/trpc/types';
import { formatWhen, parseNumber } from './admin-format';
import { fieldErrors, formError } from './form-errors';
import { ChangeList, DecimalField, PreviewBlock, PreviewPublishButtons } from './publish-form';
import { RiskPreviewTable } from './risk-preview-table';

type Version = RouterOutputs['admin']['riskParameters'][number];
type Params = Version['params'];

/** The form's fields, in the model's order, with the path zod and the service name them by. */
const FIELDS = [
  { key: 'baseRate', label: 'Base rate', hint: '0–1' },
  { key: 'volatilityMultiplier', label: 'Volatility multiplier', hint: '0.01–10' },
  { key: 'durationFactor', label: 'Duration factor', hint: '0–10' },
  { key: 'coverageFactor', label: 'Coverage factor', hint: '0–10' },
  { key: 'tierMultipliers.conservative', label: 'Conservative multiplier', hint: '0.01–10' },
  { key: 'tierMultipliers.balanced', label: 'Balanced multiplier', hint: '0.01–10' },
  { key: 'tierMultipliers.aggressive', label: 'Aggressive multiplier', hint: '0.01–10' },
  { key: 'liquidityAdjustment', label: 'Liquidity adjustment', hint: '−0.9–10' },
  { key: 'marketTrendAdjustment', label: 'Market trend adjustment', hint: '−0.9–10' },
] as const;
type FieldKey = (typeof FIELDS)[number]['key'];
type FormValues = Record<FieldKey, string>;

function read(params: Params, key: FieldKey): number {
  const [head, tail] = key.split('.') as [keyof Params, string | undefined];
  const value = params[head];
  return typeof value === 'number' ? value : ((value as Record<string, number>)[tail ?? ''] ?? 0);
}

const toForm = (params: Params) =>
  Object.fromEntries(FIELDS.map((f) => [f.key, String(read(params, f.key))])) as FormValues;

/** The form as the procedure's params, or per-field messages for what is not a number. */
function toParams(form: FormValues): Params | Record<string, string> {
  const n: Partial<Record<FieldKey, number>> = {};
  const errors: Record<string, string> = {};
  for (const f of FIELDS) {
    const value = parseNumber(form[f.key]);
    if (value === null) errors[f.key] = 'Enter a number';
    else n[f.key] = value;
  }
  if (Object.keys(errors).length > 0) return errors;
  const v = n as Record<FieldKey, number>;
  return {
    baseRate: v.baseRate,
    volatilityMultiplier: v.volatilityMultiplier,
    durationFactor: v.durationFactor,
    coverageFactor: v.coverageFactor,
    tierMultipliers: {
      conservative: v['tierMultipliers.conservative'],
      balanced: v['tierMultipliers.balanced'],
      aggressive: v['tierMultipliers.aggressive'],
    },
    liquidityAdjustment: v.liquidityAdjustment,
    marketTrendAdjustment: v.marketTrendAdjustment,
  };
}
const isParams = (p: Params | Record<string, string>): p is Params => 'tierMultipliers' in p;

/** Versions of the premium model per policy type, and publishing a new one after a preview. */
export function RiskParametersSection() {
  const trpc = useTRPC();
  const versions = useQuery(trpc.admin.riskParameters.queryOptions());
  return (
    <section aria-labelledby="risk-heading" className="space-y-stack">
      <div>
        <h2 id="risk-heading" className="text-xl font-semibold text-slate-900">
          Risk parameters
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          The premium model's coefficients. Every quote uses the active version of its policy type; a new
          version applies to quotes at once and never to policies already sold.
        </p>
      </div>
      {versions.isPending ? (
        <LoadingCards count={2} label="Loading risk parameters" />
      ) : versions.isError ? (
        <ErrorPanel
          title="Risk parameters are unavailable"
          message={versions.error.message}
          onRetry={() => versions.refetch()}
        />
      ) : (
        <div className="grid gap-section lg:grid-cols-2">
          <VersionsCard versions={versions.data} />
          <PublishRiskCard versions={versions.data} />
        </div>
      )}
    </section>
  );
}

const VERSION_COLUMNS: Column<Version>[] = [
  {
    key: 'version',
    header: 'Version',
    rowHeader: true,
    sortValue: (v) => v.version,
    cell: (v) => (
      <span className="inline-flex items-center gap-2">
        {v.policyType} v{v.version}
        {v.isActive ? <Badge tone="success">Active</Badge> : null}
      </span>
    ),
  },
  {
    key: 'by',
    header: 'Published by',
    cell: (v) => (v.createdBy ? <span title={v.createdBy}>{shortAddress(v.createdBy)}</span> : 'seed'),
  },
  {
    key: 'at',
    header: 'When',
    sortValue: (v) => new Date(v.createdAt).getTime(),
    cell: (v) => formatWhen(v.createdAt),
  },
  {
    key: 'rate',
    header: 'Base rate',
    align: 'right',
    className: 'hidden sm:table-cell',
    cell: (v) => v.params.baseRate,
  },
  {
    key: 'vol',
    header: 'Vol. mult.',
    align: 'right',
    className: 'hidden sm:table-cell',
    cell: (v) => v.params.volatilityMultiplier,
  },
];

function VersionsCard({ versions }: { versions: readonly Version[] }) {
  return (
    <Card as="section" aria-labelledby="risk-versions-heading">
      <CardTitle id="risk-versions-heading" as="h3">
        Versions
      </CardTitle>
      <CardDescription>
        Every version per policy type (BTC), newest first, with who published it and when.
      </CardDescription>
      <div className="mt-4">
        {versions.length === 0 ? (
          <p className="text-sm text-slate-600">No version yet: quoting refuses until one is published.</p>
        ) : (
          <DataTable
            caption="Risk-parameter versions"
            columns={VERSION_COLUMNS}
            rows={versions}
            rowKey={(v) => String(v.id)}
          />
        )}
      </div>
    </Card>
  );
}

function PublishRiskCard({ versions }: { versions: readonly Version[] }) {
  const [policyType, setPolicyType] = useState<PolicyType>('PUT');
  const active = versions.find((v) => v.policyType === policyType && v.isActive);
  return (
    <Card as="section" aria-labelledby="risk-publish-heading">
      <CardTitle id="risk-publish-heading" as="h3">
        Publish a new version
      </CardTitle>
      <CardDescription>
        Pre-filled with the active version. Preview its effect on reference policies, then publish.
      </CardDescription>
      <Field id="risk-policy-type" label="Policy type" className="mt-4">
        {(control) => (
          <Select
            {...control}
            value={policyType}
            onChange={(e) => setPolicyType(e.target.value as PolicyType)}
          >
            <option value="PUT">PUT</option>
            <option value="CALL">CALL</option>
          </Select>
        )}
      </Field>
      {/* Keyed by type: switching starts from that type's active version; a publish keeps the form (now the active values). */}
      <RiskDraftForm key={policyType} policyType={policyType} active={active} />
    </Card>
  );
}

function RiskDraftForm({ policyType, active }: { policyType: PolicyType; active: Version | undefined }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const [form, setForm] = useState<FormValues | null>(active ? toForm(active.params) : null);
  const [previewed, setPreviewed] = useState<Params | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [published, setPublished] = useState<number | null>(null);
  // Nothing is fetched until the admin asks for a preview; a refusal is shown, not retried.
  const preview = useQuery({
    ...trpc.admin.previewRiskParameters.queryOptions(
      previewed ? { policyType, params: previewed } : skipToken,
    ),
    retry: false,
  });
  const publish = useMutation(
    trpc.admin.publishRiskParameters.mutationOptions({
      onSuccess: (version) => {
        setConfirming(false);
        setPreviewed(null);
        setPublished(version.version);
        void invalidate.admin();
      },
      onError: () => setConfirming(false),
    }),
  );
  if (!form)
    return <p className="mt-4 text-sm text-slate-600">No active {policyType} version to start from.</p>;

  const draft = toParams(form);
  const current =
    isParams(draft) && previewed !== null && JSON.stringify(draft) === JSON.stringify(previewed);
  const errors = { ...fieldErrors(preview.error), ...fieldErrors(publish.error), ...localErrors };
  const setField = (key: FieldKey, value: string) => {
    setForm({ ...form, [key]: value });
    setLocalErrors({});
    setPublished(null);
  };
  const runPreview = () => {
    if (isParams(draft)) setPreviewed(draft);
    else setLocalErrors(draft);
  };
  const changed = FIELDS.filter(
    (f) => active && isParams(draft) && read(active.params, f.key) !== read(draft, f.key),
  );

  return (
    <form
      className="mt-4 space-y-stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        runPreview();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <DecimalField
            key={f.key}
            id={`risk-${policyType}-${f.key}`}
            label={f.label}
            hint={f.hint}
            error={errors[f.key] ?? null}
            value={form[f.key]}
            onChange={(value) => setField(f.key, value)}
          />
        ))}
      </div>
      <PreviewPublishButtons
        previewing={preview.isFetching}
        canPublish={current && preview.isSuccess}
        onPublish={() => setConfirming(true)}
      />
      {formError(preview.error ?? publish.error) && Object.keys(errors).length === 0 ? (
        <Alert tone="error">{formError(preview.error ?? publish.error)}</Alert>
      ) : null}
      {published !== null ? (
        <Alert tone="success">
          Published {policyType} v{published}: quotes use it now.
        </Alert>
      ) : null}
      {previewed !== null && preview.isSuccess ? (
        <PreviewBlock current={current}>
          <RiskPreviewTable preview={preview.data} />
        </PreviewBlock>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Publish ${policyType} risk parameters v${(active?.version ?? 0) + 1}?`}
        confirmLabel="Publish"
        pending={publish.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => isParams(draft) && publish.mutate({ policyType, params: draft })}
      >
        <ChangeList
          changes={changed.map(
            (f) =>
              `${f.label}: ${active ? read(active.params, f.key) : '—'} → ${isParams(draft) ? read(draft, f.key) : '—'}`,
          )}
        />
        <p className="mt-3">
          Every new {policyType} quote is priced with it at once; policies already sold keep their price.
        </p>
      </ConfirmDialog>
    </form>
  );
}
