import {
  type ContractIds,
  creditPremiumCall,
  exercisePolicyCall,
  expirePolicyCall,
  lockCollateralCall,
  releaseCollateralCall,
  setWithdrawalAllowanceCall,
} from '@bithedge/contracts';
import { type Executor, type PolicyType, queryRows, type Token } from '@bithedge/db';
import { minAmount, SATS_PER_BTC, usdToMicroStx } from '@bithedge/pricing';
import { sql } from 'drizzle-orm';
import type { VaultChain } from '../adapters/vault-chain';
import { isAppError } from '../errors';
import { getFreshMarketData } from './market-data';
import { withdrawalStates } from './withdrawals';

export interface OperatorAction {
  action: 'lock' | 'credit' | 'allowance' | 'exercise' | 'expire' | 'release';
  /** The registry's policy id, or the provider for an allowance. */
  subject: string;
  amount?: string;
  txId: string;
  ok: boolean | null;
  result: string;
}

export interface OperatorReport {
  actions: OperatorAction[];
  /** Why settlement was skipped this time (stale prices), if it was. */
  settlementSkipped?: string;
}

/**
 * What an exercised policy pays its buyer, in micro-STX: its intrinsic value at the settlement
 * price (strike − price for a put, price − strike for a call, never below zero) on the amount
 * protected, converted at the STX price, rounded down, and never more than its collateral.
 */
export function settlementPayout(
  policy: { type: PolicyType; strikeUsd: bigint; amountSats: bigint; collateral: bigint },
  prices: { btcUsd: bigint; stxUsd: bigint },
): bigint {
  const perBtc = policy.type === 'PUT' ? policy.strikeUsd - prices.btcUsd : prices.btcUsd - policy.strikeUsd;
  if (perBtc <= 0n) return 0n;
  const usd = (perBtc * policy.amountSats) / SATS_PER_BTC;
  return minAmount(usdToMicroStx(usd, prices.stxUsd, 'floor'), policy.collateral);
}

interface PolicyRow extends Record<string, unknown> {
  onchain_id: string;
  type: PolicyType;
  token: Token;
  strike_usd: string;
  amount_sats: string;
  collateral_amount: string;
  expiration_height: number;
}

const appliedEvent = (type: string) =>
  sql`exists (select 1 from chain_events e where e.status = 'APPLIED' and e.event_type = ${type}
              and e.payload->>'policy-id' = p.onchain_id::text)`;

/**
 * One pass of the operator: makes the chain match the accounting. It locks the collateral the
 * backend allocated for new policies, credits providers the premium they claimed, sets each
 * provider's withdrawal allowance to what the
 * ledger holds pending for them, settles policies past their expiration height (exercise with
 * the payout when in the money, else expire), and releases what settled policies still lock.
 *
 * Every call is idempotent on chain (a second lock, expiry or release of the same policy is
 * refused by the contract; an allowance is set, not added), so a pass that overlaps a previous
 * one still in flight does no harm. What the calls change reaches the ledger through ingestion.
 */
export async function operateVault(
  db: Executor,
  chain: VaultChain,
  deps: { ids: ContractIds; maxPriceAgeMs: number; now: Date },
): Promise<OperatorReport> {
  const report: OperatorReport = { actions: [] };
  const send = async (
    action: OperatorAction['action'],
    subject: string,
    call: Parameters<VaultChain['submit']>[0],
    amount?: bigint,
  ) => {
    const sent = await chain.submit(call);
    report.actions.push({
      action,
      subject,
      ...(amount === undefined ? {} : { amount: amount.toString() }),
      ...sent,
    });
  };

  const unlocked = await queryRows<PolicyRow>(
    db,
    sql`select p.onchain_id::text, p.token, p.collateral_amount::text from policies p
        where p.status = 'ACTIVE' and p.onchain_id is not null and not ${appliedEvent('lock')}
        order by p.id`,
  );
  for (const p of unlocked) {
    const amount = BigInt(p.collateral_amount);
    await send(
      'lock',
      p.onchain_id,
      lockCollateralCall(deps.ids, { policyId: BigInt(p.onchain_id), token: p.token, amount }),
      amount,
    );
  }

  // Premium a provider claimed joins its capital in the ledger; the vault must count it as the
  // provider's too before it can be withdrawn: credit what was claimed and not credited yet.
  const uncredited = await queryRows<{ principal: string; token: Token; amount: string }>(
    db,
    sql`select p.principal, b.token, (b.withdrawn_premiums - coalesce(c.credited, 0))::text as amount
        from provider_balances b join providers p on p.id = b.provider_id
        left join (select payload->>'provider' as principal, payload->>'token' as token,
                     sum((payload->>'amount')::numeric) as credited
                   from chain_events where status = 'APPLIED' and event_type = 'premium-credit'
                   group by 1, 2) c on c.principal = p.principal and c.token = b.token::text
        where b.withdrawn_premiums > coalesce(c.credited, 0)
        order by p.id, b.token`,
  );
  for (const c of uncredited) {
    const amount = BigInt(c.amount);
    await send(
      'credit',
      c.principal,
      creditPremiumCall(deps.ids, { provider: c.principal, token: c.token, amount }),
      amount,
    );
  }

  // The allowance follows the ledger's pending withdrawal, both ways (a cancel in progress drops it
  // to 0, and its funds return to available once that allowance is ingested).
  for (const w of await withdrawalStates(db)) {
    if (w.authorized === w.target) continue;
    const call = setWithdrawalAllowanceCall(deps.ids, {
      provider: w.principal,
      token: w.token,
      amount: w.target,
    });
    await send('allowance', w.principal, call, w.target);
  }

  const height = await chain.burnBlockHeight();
  const due = await queryRows<PolicyRow>(
    db,
    sql`select p.onchain_id::text, p.type, p.token, p.strike_usd::text, p.amount_sats::text,
          p.collateral_amount::text, p.expiration_height
        from policies p
        where p.status = 'ACTIVE' and p.onchain_id is not null and p.expiration_height <= ${height}
          and ${appliedEvent('lock')}
        order by p.expiration_height, p.id`,
  );
  if (due.length > 0) {
    try {
      const market = await getFreshMarketData(db, deps.maxPriceAgeMs, deps.now);
      for (const p of due) {
        const policyId = BigInt(p.onchain_id);
        if ((await chain.policyStatus(policyId)) !== 'active') continue;
        const payout = settlementPayout(
          {
            type: p.type,
            strikeUsd: BigInt(p.strike_usd),
            amountSats: BigInt(p.amount_sats),
            collateral: BigInt(p.collateral_amount),
          },
          { btcUsd: market.BTC.priceUsd, stxUsd: market.STX.priceUsd },
        );
        if (payout > 0n)
          await send('exercise', p.onchain_id, exercisePolicyCall(deps.ids, { policyId, payout }), payout);
        else await send('expire', p.onchain_id, expirePolicyCall(deps.ids, policyId));
      }
    } catch (error) {
      // Never settle on an old price: the next pass settles once the feed is fresh again.
      if (!(isAppError(error) && error.code === 'STALE_MARKET_DATA')) throw error;
      report.settlementSkipped = error.message;
    }
  }

  const settled = await queryRows<PolicyRow>(
    db,
    sql`select p.onchain_id::text from policies p
        where p.status in ('EXPIRED', 'EXERCISED') and ${appliedEvent('lock')} and not ${appliedEvent('release')}
        order by p.id`,
  );
  for (const p of settled)
    await send('release', p.onchain_id, releaseCollateralCall(deps.ids, BigInt(p.onchain_id)));
  return report;
}
