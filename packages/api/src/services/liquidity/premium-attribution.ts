import { type SQL, sql } from 'drizzle-orm';

/**
 * Premium shares attributed to the token whose capital earned them. The registry collects every
 * premium in STX, so the shares of policies another token (sBTC) backed sit in the providers' STX
 * balances; a view per token counts them on the backing token's line and takes them off the STX
 * line. A select of provider_id, token (the backing token), pending (shares not due yet), earned
 * (distributed, not claimed) and claimed (taken by a claim), from the shares themselves
 * (provider_premium_distributions): each is earned once and claimed by one claim, in step with the
 * ledger's PREMIUM_PENDING, PREMIUM_EARNED and PREMIUM_CLAIM entries. `where` narrows the shares
 * (alias `d`), e.g. to one provider.
 */
export function premiumsOfOtherBackingTokens(where: SQL = sql`true`): SQL {
  return sql`select d.provider_id, q.token,
      coalesce(sum(d.amount) filter (where d.status = 'PENDING'), 0) as pending,
      coalesce(sum(d.amount) filter (where d.status = 'DISTRIBUTED' and d.claim_key is null), 0) as earned,
      coalesce(sum(d.amount) filter (where d.claim_key is not null), 0) as claimed
    from provider_premium_distributions d join policies q on q.id = d.policy_id
    where q.token <> 'STX' and ${where}
    group by d.provider_id, q.token`;
}
