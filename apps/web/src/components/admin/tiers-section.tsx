'use client';
import type { TierName, Token } from '@bithedge/db';
import { parseDecimal } from '@bithedge/pricing';
import { skipToken, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { TIER_LABEL, TIER_ORDER } from '@/components/pool/tier-label';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { type Column, DataTable } from '@/components/ui/data-table';
import { Field, Select } from '@/components/ui/field';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { formatBps, formatToken, shortAddress, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import type { RouterOutputs } from '@/trpc/types';
import { formatWhen } from './admin-format';
import { fieldErrors, formError } from './form-errors';
import { ChangeList, DecimalField, PreviewBlock, PreviewPublishButtons } from './publish-form';
import { TierPreviewPanel } from './tier-preview-panel';
import { VaultCapsPanel, type VaultTarget } from './vault-caps-panel';

type Version = RouterOutputs['admin']['tierVersions'][number];
type BpsField =
  | 'collateralRatioBps'
  | 'premiumMultiplierBps'
  | 'maxExposureBps'
  | 'warningThresholdBps'
  | 'marginCallThresholdBps';
type FieldKey = 'capacityLimit' | BpsField;
type Values = Record<BpsField, number> & { capacityLimit: bigint };

/** The bps fields, entered as percentages (125.00 = 12 500 bps); bounds are the server's. */
const BPS_FIELDS: { key: BpsField; label: string; hint: string }[] = [
  {
    key: 'collateralRatioBps',
    label: 'Collateral ratio (%)',
    hint: '100–1000: collateral per unit of exposure',
  },
  { key: 'premiumMultiplierBps', label: 'Premium multiplier (%)', hint: '10–500: share of the base premium' },
  { key: 'maxExposureBps', label: 'Max exposure (%)', hint: '0.01–100: capital that may be locked' },
  { key: 'warningThresholdBps', label: 'Warning threshold (%)', hint: 'Below it: Warning' },
  {
    key: 'marginCallThresholdBps',
    label: 'Margin-call threshold (%)',
    hint: 'Below it: MarginCall; under warning',
  },
];

const TOKENS: Token[] = ['STX', 'SBTC'];
const percent = (bps: number) => (bps / 100).toFixed(2);

function toForm(v: Version): Record<FieldKey, string> {
  const meta = TOKEN_META[v.token];
  const whole = parseDecimalText(v.capacityLimit, meta.decimals);
  return {
    capacityLimit: whole,
    ...(Object.fromEntries(BPS_FIELDS.map((f) => [f.key, percent(v[f.key])])) as Record<BpsField, string>),
  };
}

/** base units → plain decimal text (no grouping) for an input. */
function parseDecimalText(units: bigint, decimals: number): string {
  const base = 10n ** BigInt(decimals);
  const fraction = (units % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${units / base}${fraction ? `.${fraction}` : ''}`;
}

/** The form as the procedure's values, or per-field messages for what cannot be one. */
function toValues(form: Record<FieldKey, string>, token: Token): Values | Record<string, string> {
  const errors: Record<string, string> = {};
  const out: Partial<Values> = {};
  try {
    out.capacityLimit = parseDecimal(form.capacityLimit.trim() || 'x', TOKEN_META[token].decimals);
  } catch {
    errors.capacityLimit = `Enter an amount of ${TOKEN_META[token].label} with at most ${TOKEN_META[token].decimals} decimals`;
  }
  for (const f of BPS_FIELDS) {
    try {
      out[f.key] = Number(parseDecimal(form[f.key].trim() || 'x', 2));
    } catch {
      errors[f.key] = 'Enter a percentage with at most 2 decimals';
    }
  }
  return Object.keys(errors).length > 0 ? errors : (out as Values);
}
const isValues = (v: Values | Record<string, string>): v is Values => typeof v.capacityLimit === 'bigint';

/**
 * Tier × token configurations: their history, publishing a new one after a preview, and whether
 * the vault's own caps follow the published capacities.
 */
export function TiersSection({ vault }: { vault: VaultTarget | null }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.admin.tierVersions.queryOptions());
  return (
    <section aria-labelledby="tiers-heading" className="space-y-stack">
      <div>
        <h2 id="tiers-heading" className="text-xl font-semibold text-slate-900">
          Tiers
        </h2>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Capacity, collateral ratio, premium multiplier, exposure and health thresholds per tier and token.
          The active version is what allocation, health and the pool figures use.
        </p>
      </div>
      {versions.isPending ? (
        <LoadingCards count={2} label="Loading tiers" />
      ) : versions.isError ? (
        <ErrorPanel
          title="Tiers are unavailable"
          message={versions.error.message}
          onRetry={() => versions.refetch()}
        />
      ) : (
        <TiersBody versions={versions.data} />
      )}
      <VaultCapsPanel vault={vault} />
    </section>
  );
}

function TiersBody({ versions }: { versions: readonly Version[] }) {
  const [tier, setTier] = useState<TierName>('balanced');
  const [token, setToken] = useState<Token>('STX');
  const history = versions.filter((v) => v.tier === tier && v.token === token);
  const active = history.find((v) => v.isActive);
  return (
    <div className="space-y-section">
      <Card className="grid gap-4 sm:grid-cols-2">
        <Field id="tier-name" label="Tier">
          {(control) => (
            <Select {...control} value={tier} onChange={(e) => setTier(e.target.value as TierName)}>
              {TIER_ORDER.map((t) => (
                <option key={t} value={t}>
                  {TIER_LABEL[t]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id="tier-token" label="Token">
          {(control) => (
            <Select {...control} value={token} onChange={(e) => setToken(e.target.value as Token)}>
              {TOKENS.map((t) => (
                <option key={t} value={t}>
                  {TOKEN_META[t].label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </Card>
      <div className="grid gap-section lg:grid-cols-2">
        <TierVersionsCard versions={history} />
        <Card as="section" aria-labelledby="tier-publish-heading">
          <CardTitle id="tier-publish-heading" as="h3">
            Publish a new {TIER_LABEL[tier]} {TOKEN_META[token].label} version
          </CardTitle>
          <CardDescription>
            Pre-filled with the active version. Preview what it changes, then publish.
          </CardDescription>
          {active ? (
            // Keyed by tier × token: a publish keeps the form, which then holds the active values.
            <TierDraftForm key={`${tier}-${token}`} active={active} />
          ) : (
            <p className="mt-4 text-sm text-slate-600">This tier has no active version to start from.</p>
          )}
        </Card>
      </div>
    </div>
  );
}

function versionColumns(): Column<Version>[] {
  return [
    {
      key: 'version',
      header: 'Version',
      rowHeader: true,
      sortValue: (v) => v.version,
      cell: (v) => (
        <span className="inline-flex items-center gap-2">
          v{v.version}
          {v.isActive ? <Badge tone="success">Active</Badge> : null}
        </span>
      ),
    },
    {
      key: 'capacity',
      header: 'Capacity',
      align: 'right',
      cell: (v) => formatToken(v.capacityLimit, v.token, 0),
    },
    { key: 'ratio', header: 'Collateral', align: 'right', cell: (v) => formatBps(v.collateralRatioBps) },
    {
      key: 'thresholds',
      header: 'Warn / MC',
      align: 'right',
      cell: (v) => `${formatBps(v.warningThresholdBps)} / ${formatBps(v.marginCallThresholdBps)}`,
    },
    {
      key: 'premium',
      header: 'Premium',
      align: 'right',
      className: 'hidden md:table-cell',
      cell: (v) => formatBps(v.premiumMultiplierBps),
    },
    {
      key: 'exposure',
      header: 'Exposure',
      align: 'right',
      className: 'hidden md:table-cell',
      cell: (v) => formatBps(v.maxExposureBps),
    },
    {
      key: 'by',
      header: 'By, when',
      className: 'hidden sm:table-cell',
      cell: (v) => (
        <span title={v.createdBy ?? undefined}>
          {v.createdBy === 'seed' || !v.createdBy ? 'seed' : shortAddress(v.createdBy)},{' '}
          {formatWhen(v.createdAt)}
        </span>
      ),
    },
  ];
}

function TierVersionsCard({ versions }: { versions: readonly Version[] }) {
  return (
    <Card as="section" aria-labelledby="tier-versions-heading">
      <CardTitle id="tier-versions-heading" as="h3">
        Versions
      </CardTitle>
      <CardDescription>Newest first, with who published each and when.</CardDescription>
      <div className="mt-4">
        {versions.length === 0 ? (
          <p className="text-sm text-slate-600">No version recorded for this tier and token.</p>
        ) : (
          <DataTable
            caption="Tier versions"
            columns={versionColumns()}
            rows={versions}
            rowKey={(v) => String(v.id)}
          />
        )}
      </div>
    </Card>
  );
}

function TierDraftForm({ active }: { active: Version }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const { tier, token } = active;
  const [form, setForm] = useState(() => toForm(active));
  const [previewed, setPreviewed] = useState<Values | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [published, setPublished] = useState<number | null>(null);
  // Nothing is fetched until the admin asks for a preview; a refusal is shown, not retried.
  const preview = useQuery({
    ...trpc.admin.previewTier.queryOptions(previewed ? { tier, token, values: previewed } : skipToken),
    retry: false,
  });
  const publish = useMutation(
    trpc.admin.publishTier.mutationOptions({
      onSuccess: (version) => {
        setConfirming(false);
        setPreviewed(null);
        setPublished(version.version);
        void invalidate.admin();
      },
      onError: () => setConfirming(false),
    }),
  );
  const draft = toValues(form, token);
  const same = (a: Values, b: Values) => (Object.keys(a) as FieldKey[]).every((k) => a[k] === b[k]);
  const current = isValues(draft) && previewed !== null && same(draft, previewed);
  const errors = { ...fieldErrors(preview.error), ...fieldErrors(publish.error), ...localErrors };
  const refusal = formError(preview.error ?? publish.error);
  const setField = (key: FieldKey, value: string) => {
    setForm({ ...form, [key]: value });
    setLocalErrors({});
    setPublished(null);
  };
  const changes = isValues(draft) ? describeChanges(active, draft) : [];

  return (
    <form
      className="mt-4 space-y-stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (isValues(draft)) setPreviewed(draft);
        else setLocalErrors(draft);
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <DecimalField
          id="tier-capacityLimit"
          label={`Capacity (${TOKEN_META[token].label})`}
          hint="What the app admits in deposits (0: none); the vault's owner applies it below (set-tier-cap)"
          error={errors.capacityLimit ?? null}
          value={form.capacityLimit}
          onChange={(value) => setField('capacityLimit', value)}
        />
        {BPS_FIELDS.map((f) => (
          <DecimalField
            key={f.key}
            id={`tier-${f.key}`}
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
      {refusal && Object.keys(errors).length === 0 ? <Alert tone="error">{refusal}</Alert> : null}
      {published !== null ? (
        <Alert tone="success">
          Published {TIER_LABEL[tier]} {TOKEN_META[token].label} v{published}: it applies now; health statuses
          move at the next health check. A new capacity reaches the vault when its owner applies it (Caps on
          the vault, below).
        </Alert>
      ) : null}
      {previewed !== null && preview.isSuccess ? (
        <PreviewBlock current={current}>
          <TierPreviewPanel preview={preview.data} />
        </PreviewBlock>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Publish ${TIER_LABEL[tier]} ${TOKEN_META[token].label} v${active.version + 1}?`}
        confirmLabel="Publish"
        pending={publish.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => isValues(draft) && publish.mutate({ tier, token, values: draft })}
      >
        <ChangeList changes={changes} />
        {preview.data && preview.data.healthChanges.length > 0 ? (
          <p className="mt-3 font-medium text-warning-800">
            {preview.data.healthChanges.length} provider(s) change health status at the next check.
          </p>
        ) : null}
      </ConfirmDialog>
    </form>
  );
}

function describeChanges(active: Version, draft: Values): string[] {
  const out: string[] = [];
  if (active.capacityLimit !== draft.capacityLimit) {
    out.push(
      `Capacity: ${formatToken(active.capacityLimit, active.token, 0)} → ${formatToken(draft.capacityLimit, active.token, 0)}`,
    );
  }
  for (const f of BPS_FIELDS) {
    if (active[f.key] !== draft[f.key])
      out.push(`${f.label}: ${formatBps(active[f.key])} → ${formatBps(draft[f.key])}`);
  }
  return out;
}
