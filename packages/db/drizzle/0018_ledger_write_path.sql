-- The ledger's write path (issue #14: one policy locked across 10,000 providers in one statement).
-- ledger_entries' foreign keys fired two triggers per entry (a key-share lookup of the provider and
-- of the policy: ~40% of that statement); applyEntries checks both once per statement instead (see
-- the schema's comment on ledger_entries).
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_provider_id_providers_id_fk";
--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_policy_id_policies_id_fk";
--> statement-breakpoint
-- It served the policy foreign key (a policy's delete looked for its entries); no query reads
-- entries by policy, and every entry paid for it.
DROP INDEX "ledger_entries_policy_idx";
--> statement-breakpoint
-- Every operation rewrites its providers' balance rows and touches no indexed column (the key is
-- (provider_id, token)). With room left on each page the new version stays on its page (a HOT
-- update) and neither index is written (a 10,000-row update wrote 20,000 index entries before).
-- drizzle-kit does not model storage parameters. Existing pages gain the room as rows move.
ALTER TABLE "provider_balances" SET (fillfactor = 50);
