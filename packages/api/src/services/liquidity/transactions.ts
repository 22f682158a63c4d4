import {
  type Executor,
  type LedgerEntryType,
  type ledgerStatusEnum,
  queryRows,
  TOKENS,
  type Token,
} from '@bithedge/db';
import { type SQL, sql } from 'drizzle-orm';
import { decodePageCursor, encodePageCursor } from './page-cursor';
import {
  describeEntry,
  KIND_TYPES,
  kindOf,
  TRANSACTION_KINDS,
  type TransactionKind,
} from './transaction-words';

type LedgerStatus = (typeof ledgerStatusEnum.enumValues)[number];

/** Signed changes an entry made to the provider's balance columns, in base units. */
export interface TransactionDeltas {
  available: bigint;
  locked: bigint;
  pendingWithdrawal: bigint;
  pendingPremium: bigint;
  earnedPremium: bigint;
  claimedPremium: bigint;
}

export interface ProviderTransaction {
  id: bigint;
  at: Date;
  type: LedgerEntryType;
  kind: TransactionKind;
  /** The entry in words: "Locked for policy #12", "Premium earned from policy #12", … */
  description: string;
  status: LedgerStatus;
  token: Token;
  /** The magnitude of the operation (always > 0). */
  amount: bigint;
  /**
   * The signed change to the provider's capital (available + locked + pending withdrawal):
   * +deposit, −withdrawal or settlement, +claimed premium, 0 for moves inside it (lock, release,
   * withdrawal request) and for premiums not yet claimed.
   */
  capitalChange: bigint;
  /** The signed change to the provider's premium income (pending + earned + claimed). */
  premiumIncomeChange: bigint;
  deltas: TransactionDeltas;
  policy: { id: number; onchainId: string | null } | null;
  chainTxId: string | null;
  /** For a CHAIN_REVERSAL: the type of the entry it undid. */
  reverses: LedgerEntryType | null;
}

export interface TransactionsInput {
  kind?: TransactionKind | undefined;
  token?: Token | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
}

const providerIdOf = (principal: string) => sql`(select id from providers where principal = ${principal})`;

/**
 * The ids of one page, newest first on (created_at, id). Unfiltered, it walks
 * (provider_id, created_at, id) backwards from the cursor. Filtered, one short walk of
 * (provider_id, type, token, created_at, id) per (type, token) pair the filter allows, each
 * stopped at the page size, then merged: never an OFFSET, never a sort of the whole history.
 */
function pageIdsQuery(principal: string, input: TransactionsInput, cursorId: bigint | null): SQL {
  const provider = providerIdOf(principal);
  const after =
    cursorId === null
      ? sql``
      : sql`and (created_at, id) < (select created_at, id from ledger_history where id = ${cursorId} and provider_id = ${provider})`;
  if (!input.kind && !input.token)
    return sql`select id, created_at from ledger_history where provider_id = ${provider} ${after}
      order by created_at desc, id desc limit ${input.limit + 1}`;
  const types = input.kind ? KIND_TYPES[input.kind] : TRANSACTION_KINDS.flatMap((k) => KIND_TYPES[k]);
  const tokens = input.token ? [input.token] : TOKENS;
  const typeList = sql.join(
    types.map((t) => sql`(${t}::ledger_entry_type)`),
    sql`, `,
  );
  const tokenList = sql.join(
    tokens.map((t) => sql`(${t}::token)`),
    sql`, `,
  );
  return sql`select e.id, e.created_at
    from (values ${typeList}) as t(type) cross join (values ${tokenList}) as k(token)
    cross join lateral (
      select id, created_at from ledger_history
      where provider_id = ${provider} and type = t.type and token = k.token ${after}
      order by created_at desc, id desc limit ${input.limit + 1}
    ) e
    order by e.created_at desc, e.id desc limit ${input.limit + 1}`;
}

interface Row extends Record<string, unknown> {
  id: string;
  at_ms: number;
  type: LedgerEntryType;
  status: LedgerStatus;
  token: Token;
  amount: string;
  available_delta: string;
  locked_delta: string;
  pending_withdrawal_delta: string;
  pending_premium_delta: string;
  earned_premium_delta: string;
  claimed_premium_delta: string;
  policy_id: number | null;
  onchain_id: string | null;
  chain_tx_id: string | null;
  reverses: LedgerEntryType | null;
}

/**
 * A provider's ledger history in words, newest first, keyset-paginated; `principal` is the
 * signed-in caller, so no one reads another provider's entries (a cursor naming another
 * provider's entry matches nothing).
 */
export async function listProviderTransactions(
  db: Executor,
  principal: string,
  input: TransactionsInput,
): Promise<Page<ProviderTransaction>> {
  const cursorId = input.cursor === undefined ? null : decodePageCursor('tx', input.cursor);
  const rows = await queryRows<Row>(
    db,
    sql`with page as (${pageIdsQuery(principal, input, cursorId)})
      select e.id::text, (extract(epoch from e.created_at) * 1000)::float8 as at_ms, e.type, e.status, e.token,
             e.amount::text, e.available_delta::text, e.locked_delta::text,
             e.pending_withdrawal_delta::text, e.pending_premium_delta::text,
             e.earned_premium_delta::text, e.claimed_premium_delta::text,
             -- Both lookups per row: over the view's estimates a join hashed every policy, and the
             -- reversal's merged on the key over the provider's whole history.
             e.policy_id, (select onchain_id::text from policies where id = e.policy_id) as onchain_id,
             e.chain_tx_id,
             (select o.type from ledger_history o
              where e.type = 'CHAIN_REVERSAL' and o.provider_id = e.provider_id
                and o.idempotency_key = substr(e.idempotency_key, ${REVERSAL_PREFIX.length + 1}) limit 1) as reverses
      -- A wide step's entries share its id: the provider picks this one's.
      from page join ledger_history e on e.id = page.id and e.provider_id = ${providerIdOf(principal)}
      order by page.created_at desc, page.id desc`,
  );
  const items = rows.slice(0, input.limit).map(toTransaction);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodePageCursor('tx', last.id) : null };
}

/** reverseChainEvent keys a compensating entry `reversal:<original key>`. */
const REVERSAL_PREFIX = 'reversal:';

function toTransaction(r: Row): ProviderTransaction {
  const deltas: TransactionDeltas = {
    available: BigInt(r.available_delta),
    locked: BigInt(r.locked_delta),
    pendingWithdrawal: BigInt(r.pending_withdrawal_delta),
    pendingPremium: BigInt(r.pending_premium_delta),
    earnedPremium: BigInt(r.earned_premium_delta),
    claimedPremium: BigInt(r.claimed_premium_delta),
  };
  const policy = r.policy_id === null ? null : { id: Number(r.policy_id), onchainId: r.onchain_id };
  return {
    id: BigInt(r.id),
    at: new Date(Number(r.at_ms)),
    type: r.type,
    kind: kindOf(r.type),
    description: describeEntry(r.type, policy, r.reverses),
    status: r.status,
    token: r.token,
    amount: BigInt(r.amount),
    capitalChange: deltas.available + deltas.locked + deltas.pendingWithdrawal,
    premiumIncomeChange: deltas.pendingPremium + deltas.earnedPremium + deltas.claimedPremium,
    deltas,
    policy,
    chainTxId: r.chain_tx_id,
    reverses: r.reverses,
  };
}
