'use client';
import type { ContractIds } from '@bithedge/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { TIER_LABEL } from '@/components/pool/tier-label';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { type Column, DataTable } from '@/components/ui/data-table';
import { ErrorPanel, LoadingCards } from '@/components/ui/query-state';
import { shortAddress, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import type { RouterOutputs } from '@/trpc/types';
import { loadContractCalls, requestContractCall } from '@/wallet/stacks-wallet';
import { useSession } from '@/wallet/use-session';
import { OPERATIONS_REFRESH_MS } from './admin-queries';
import { capLabel, mismatchMessage } from './vault-caps-format';

type VaultCap = RouterOutputs['admin']['vaultTierCaps'][number];

/** Where the vault lives and who owns it (the only principal `set-tier-cap` accepts). */
export interface VaultTarget {
  ids: ContractIds;
  owner: string;
}

/**
 * The vault's cap per tier × token next to the published capacity. Publishing a tier changes what
 * the app admits at once; the vault keeps refusing by its own cap until its owner signs
 * `set-tier-cap` — so each mismatch is named, with a button that asks the signed-in wallet to sign
 * it. The figures follow the ingested chain; they refresh while a mismatch is open.
 */
export function VaultCapsPanel({ vault }: { vault: VaultTarget | null }) {
  const trpc = useTRPC();
  // The mismatch (and its button) goes once the cap is ingested: the confirmation stays here.
  const [applied, setApplied] = useState<{ label: string; txid: string } | null>(null);
  const caps = useQuery({
    ...trpc.admin.vaultTierCaps.queryOptions(),
    refetchInterval: (query) => (query.state.data?.some((c) => !c.inSync) ? OPERATIONS_REFRESH_MS : false),
  });
  return (
    <Card as="section" aria-labelledby="vault-caps-heading">
      <CardTitle id="vault-caps-heading" as="h3">
        Caps on the vault
      </CardTitle>
      <CardDescription>
        The vault refuses deposits above its own cap per tier and token, whatever the app publishes. Only its
        owner{vault ? ` (${shortAddress(vault.owner)})` : ''} can change it, by signing set-tier-cap.
      </CardDescription>
      <div className="mt-4 space-y-stack">
        {caps.isPending ? (
          <LoadingCards count={1} label="Loading the vault's caps" />
        ) : caps.isError ? (
          <ErrorPanel
            title="The vault's caps are unavailable"
            message={caps.error.message}
            onRetry={() => caps.refetch()}
          />
        ) : (
          <>
            {caps.data
              .filter((c) => !c.inSync)
              .map((c) => (
                <CapMismatch
                  key={`${c.tier}-${c.token}`}
                  cap={c}
                  vault={vault}
                  onSent={(txid) => setApplied({ label: tierLabel(c), txid })}
                />
              ))}
            {applied ? (
              <Alert tone="success" data-testid="vault-cap-sent">
                {applied.label}: set-tier-cap sent, transaction {applied.txid.slice(0, 10)}…
                {applied.txid.slice(-6)}. The table follows once its block is ingested.
              </Alert>
            ) : null}
            <DataTable
              caption="Vault caps per tier and token"
              columns={capColumns()}
              rows={caps.data}
              rowKey={(c) => `${c.tier}-${c.token}`}
            />
          </>
        )}
      </div>
    </Card>
  );
}

const tierLabel = (c: VaultCap) => `${TIER_LABEL[c.tier]} ${TOKEN_META[c.token].label}`;

function capColumns(): Column<VaultCap>[] {
  return [
    {
      key: 'tier',
      header: 'Tier',
      rowHeader: true,
      cell: tierLabel,
    },
    // Left out on phones, where the table would not fit: in sync it equals the vault's cap, and a
    // mismatch's alert above names both.
    {
      key: 'published',
      header: 'Published',
      align: 'right',
      className: 'hidden sm:table-cell',
      cell: (c) => capLabel(c.targetCap, c.token),
    },
    { key: 'vault', header: 'On the vault', align: 'right', cell: (c) => capLabel(c.vaultCap, c.token) },
    {
      key: 'state',
      header: 'State',
      cell: (c) =>
        c.inSync ? <Badge tone="success">In sync</Badge> : <Badge tone="warning">Owner must apply</Badge>,
    },
  ];
}

/** One tier × token whose vault cap differs: what the vault holds, what it needs, and the button. */
function CapMismatch({
  cap,
  vault,
  onSent,
}: {
  cap: VaultCap;
  vault: VaultTarget | null;
  onSent: (txid: string) => void;
}) {
  const { session } = useSession();
  const invalidate = useInvalidate();
  const apply = useMutation({
    mutationFn: async () => {
      if (!vault) throw new Error("The vault's address is not configured (CONTRACTS_DEPLOYER)");
      const { setTierCapCall } = await loadContractCalls();
      return requestContractCall(
        setTierCapCall(vault.ids, { tier: cap.tier, token: cap.token, cap: cap.targetCap }),
      );
    },
    // On the local chain the block is ingested before the wallet answers; elsewhere once mined.
    onSuccess: ({ txid }) => {
      onSent(txid);
      void invalidate.admin();
    },
  });
  const isOwner = vault !== null && session?.principal === vault.owner;
  return (
    <Alert
      tone="warning"
      data-testid={`vault-cap-mismatch-${cap.tier}-${cap.token}`}
      action={
        <>
          <Button size="sm" disabled={!isOwner} loading={apply.isPending} onClick={() => apply.mutate()}>
            {apply.isPending ? 'Confirm in your wallet…' : 'Apply on the vault'}
          </Button>
          {!vault ? (
            <span className="text-sm">The vault's address is not configured (CONTRACTS_DEPLOYER).</span>
          ) : !isOwner ? (
            <span className="text-sm">
              Only the contract owner {shortAddress(vault.owner)} can sign it: sign in with its wallet.
            </span>
          ) : null}
        </>
      }
    >
      {mismatchMessage(cap)}
      {apply.isSuccess ? (
        <p className="mt-1" role="status">
          Sent: transaction {apply.data.txid.slice(0, 10)}…{apply.data.txid.slice(-6)}. The cap above updates
          once its block is ingested.
        </p>
      ) : null}
      {apply.isError ? <p className="mt-1 font-medium text-danger-800">{apply.error.message}</p> : null}
    </Alert>
  );
}
