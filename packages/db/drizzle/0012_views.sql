DROP INDEX "ledger_entries_provider_time_idx";--> statement-breakpoint
DROP INDEX "ledger_entries_provider_type_time_idx";--> statement-breakpoint
DROP INDEX "policy_allocations_provider_status_idx";--> statement-breakpoint
CREATE INDEX "ledger_entries_provider_at_id_idx" ON "ledger_entries" USING btree ("provider_id","created_at","id");--> statement-breakpoint
CREATE INDEX "ledger_entries_provider_type_token_at_id_idx" ON "ledger_entries" USING btree ("provider_id","type","token","created_at","id");--> statement-breakpoint
CREATE INDEX "policy_allocations_provider_status_token_id_idx" ON "policy_allocations" USING btree ("provider_id","status","token","id");