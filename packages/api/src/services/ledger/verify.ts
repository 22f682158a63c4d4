import { type Executor, queryRows } from '@bithedge/db';
import { type SQL, sql } from 'drizzle-orm';
import { LEDGER_COLUMNS } from './apply';

export interface LedgerViolation {
  rule: 'replay' | 'capital' | 'negative' | 'orphan-entries';
  providerId: number;
  token: string;
  detail: string;
}

/**
 * `ledger_history` reads a wide step's providers through `providers`: a provider a step names that
 * does not exist would vanish from every reader, the replay included.
 */
const stepsNamingNoProvider = sql`
  select s.provider_id, s.token::text, 'orphan-entries',
    'step ' || s.id || ' names provider ' || s.provider_id || ', which does not exist'
  from (select st.id, st.token, unnest(st.provider_ids) as provider_id from ledger_steps st) s
  where not exists (select 1 from providers p where p.id = s.provider_id)`;

/**
 * Each column's replayed sum per provider × token over one source of the history, and what it
 * settled (net of settlements a re-org reversed: the reversal's key names what it reverses).
 * The replay sums `ledger_entries` and `ledger_step_entries` (together `ledger_history`) each on
 * its own and adds the two: grouped through the UNION ALL view, the planner could not estimate the
 * groups and sorted 1,000,000 rows on disk (3× slower).
 */
function replayOf(source: 'ledger_entries' | 'ledger_step_entries'): SQL {
  const sums = LEDGER_COLUMNS.map(
    ([, column, delta]) => sql`sum(e.${sql.identifier(delta)}) as ${sql.identifier(`sum_${column}`)}`,
  );
  return sql`select e.provider_id, e.token, ${sql.join(sums, sql`, `)},
      coalesce(sum(e.amount) filter (where e.type = 'SETTLEMENT_DEBIT'), 0)
        - coalesce(sum(e.amount) filter (where e.type = 'CHAIN_REVERSAL' and e.idempotency_key like 'reversal:settle:%'), 0)
        as settled
    from ${sql.identifier(source)} e group by e.provider_id, e.token`;
}

const replay = sql`select provider_id, token,
    ${sql.join(
      LEDGER_COLUMNS.map(
        ([, column]) => sql`sum(${sql.identifier(`sum_${column}`)}) as ${sql.identifier(`sum_${column}`)}`,
      ),
      sql`, `,
    )}, sum(settled) as settled
  from (${replayOf('ledger_entries')} union all ${replayOf('ledger_step_entries')}) parts
  group by provider_id, token`;

/** Entries (and wide steps' entries) naming a policy that does not exist. */
const unknownPolicies = (source: 'ledger_entries' | 'ledger_step_entries') => sql`
  select e.provider_id, e.token::text, 'orphan-entries',
    'entry ' || e.id || ' names policy ' || e.policy_id || ', which does not exist'
  from ${sql.identifier(source)} e
  where e.policy_id is not null and not exists (select 1 from policies p where p.id = e.policy_id)`;

/**
 * Checks the identities the ledger must always satisfy, per provider × token:
 *  - replay: every balance column equals the sum of its deltas over the ledger's history
 *    (`ledger_history`: the entries and each wide step's parts);
 *  - capital: available + locked + pending withdrawal = deposited + claimed premiums − withdrawn
 *    − settled (net of settlements a re-org reversed);
 *  - negative: no balance below zero (CHECK constraints forbid it; this reports a bypass);
 *  - orphan-entries: every entry belongs to a balance row and names a policy that exists (the
 *    entries carry no foreign keys, migration 0018: the write path checks them per statement, and
 *    this reports anything written around it); every provider a wide step names exists.
 * Token totals are sums over providers by construction (pool figures are derived by query).
 * Returns the violations; an empty list means the ledger is consistent. One set-based query.
 */
export async function verifyLedger(db: Executor): Promise<LedgerViolation[]> {
  const mismatches = sql.join(
    LEDGER_COLUMNS.map(
      ([, column]) =>
        sql`case when b.${sql.identifier(column)} <> coalesce(r.${sql.identifier(`sum_${column}`)}, 0) then ${column} || '=' || b.${sql.identifier(column)} || ' but entries sum to ' || coalesce(r.${sql.identifier(`sum_${column}`)}, 0) end`,
    ),
    sql`, `,
  );
  const rows = await queryRows<{
    provider_id: number;
    token: string;
    rule: LedgerViolation['rule'];
    detail: string;
  }>(
    db,
    sql`with replay as (${replay}),
        checked as (
          select b.provider_id, b.token::text as token,
            concat_ws('; ', ${mismatches}) as replay_detail,
            case when b.available + b.locked + b.pending_withdrawal
                      <> b.total_deposited + b.claimed_premiums - b.total_withdrawn - coalesce(r.settled, 0)
                 then 'capital ' || (b.available + b.locked + b.pending_withdrawal) || ' ≠ deposited + claimed premiums − withdrawn − settled '
                      || (b.total_deposited + b.claimed_premiums - b.total_withdrawn - coalesce(r.settled, 0)) end as capital_detail,
            case when least(b.available, b.locked, b.pending_withdrawal, b.pending_premiums, b.earned_premiums,
                            b.claimed_premiums, b.total_deposited, b.total_withdrawn) < 0
                 then 'a balance is negative' end as negative_detail
          from provider_balances b left join replay r on r.provider_id = b.provider_id and r.token = b.token
        )
        select provider_id, token, 'replay' as rule, replay_detail as detail from checked where replay_detail <> ''
        union all select provider_id, token, 'capital', capital_detail from checked where capital_detail is not null
        union all select provider_id, token, 'negative', negative_detail from checked where negative_detail is not null
        union all
        select r.provider_id, r.token::text, 'orphan-entries', 'entries without a balance row' from replay r
        where not exists (select 1 from provider_balances b where b.provider_id = r.provider_id and b.token = r.token)
        union all
        ${unknownPolicies('ledger_entries')}
        union all ${unknownPolicies('ledger_step_entries')}
        union all ${stepsNamingNoProvider}`,
  );
  return rows.map((r) => ({ rule: r.rule, providerId: r.provider_id, token: r.token, detail: r.detail }));
}
