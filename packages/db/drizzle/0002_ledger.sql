CREATE TYPE "public"."allocation_status" AS ENUM('LOCKED', 'RELEASED', 'SETTLED');--> statement-breakpoint
CREATE TYPE "public"."chain_event_status" AS ENUM('APPLIED', 'ROLLED_BACK');--> statement-breakpoint
CREATE TYPE "public"."distribution_status" AS ENUM('PENDING', 'DISTRIBUTED');--> statement-breakpoint
CREATE TYPE "public"."ledger_entry_type" AS ENUM('DEPOSIT', 'WITHDRAWAL_REQUEST', 'WITHDRAWAL_CONFIRM', 'WITHDRAWAL_FAIL', 'LOCK', 'RELEASE', 'SETTLEMENT_DEBIT', 'PREMIUM_PENDING', 'PREMIUM_EARNED', 'PREMIUM_CLAIM');--> statement-breakpoint
CREATE TYPE "public"."ledger_status" AS ENUM('PENDING', 'CONFIRMED', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."policy_status" AS ENUM('PENDING', 'ACTIVE', 'EXPIRED', 'EXERCISED', 'SETTLED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."policy_type" AS ENUM('PUT', 'CALL');--> statement-breakpoint
CREATE TYPE "public"."quote_status" AS ENUM('ACTIVE', 'EXPIRED', 'PURCHASED');--> statement-breakpoint
CREATE TABLE "chain_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tx_id" text NOT NULL,
	"event_index" integer NOT NULL,
	"block_hash" text NOT NULL,
	"block_height" integer NOT NULL,
	"contract_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "chain_event_status" DEFAULT 'APPLIED' NOT NULL,
	"applied_at" timestamp with time zone,
	"rolled_back_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chain_events_txId_eventIndex_blockHash_unique" UNIQUE("tx_id","event_index","block_hash")
);
--> statement-breakpoint
CREATE TABLE "pool_metrics" (
	"token" "token" PRIMARY KEY NOT NULL,
	"vault_balance" numeric(39, 0) DEFAULT '0' NOT NULL,
	"total_locked" numeric(39, 0) DEFAULT '0' NOT NULL,
	"last_block_height" integer,
	"last_block_hash" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"token" "token" NOT NULL,
	"type" "ledger_entry_type" NOT NULL,
	"status" "ledger_status" DEFAULT 'CONFIRMED' NOT NULL,
	"amount" bigint NOT NULL,
	"available_delta" bigint DEFAULT 0 NOT NULL,
	"locked_delta" bigint DEFAULT 0 NOT NULL,
	"pending_withdrawal_delta" bigint DEFAULT 0 NOT NULL,
	"pending_premium_delta" bigint DEFAULT 0 NOT NULL,
	"earned_premium_delta" bigint DEFAULT 0 NOT NULL,
	"withdrawn_premium_delta" bigint DEFAULT 0 NOT NULL,
	"total_deposited_delta" bigint DEFAULT 0 NOT NULL,
	"total_withdrawn_delta" bigint DEFAULT 0 NOT NULL,
	"policy_id" integer,
	"chain_tx_id" text,
	"chain_event_index" integer,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_idempotencyKey_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "ledger_entries_amount_positive" CHECK ("ledger_entries"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"principal" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"data" jsonb,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" serial PRIMARY KEY NOT NULL,
	"onchain_id" numeric(39, 0),
	"owner" text NOT NULL,
	"type" "policy_type" NOT NULL,
	"strike_usd" bigint NOT NULL,
	"amount_sats" bigint NOT NULL,
	"premium_usd" bigint NOT NULL,
	"premium_amount" bigint NOT NULL,
	"collateral_amount" bigint NOT NULL,
	"token" "token" NOT NULL,
	"tier" "tier_name" NOT NULL,
	"expiration_height" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status" "policy_status" DEFAULT 'PENDING' NOT NULL,
	"quote_id" uuid,
	"settlement_amount" bigint,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policies_onchainId_unique" UNIQUE("onchain_id"),
	CONSTRAINT "policies_amounts_positive" CHECK ("policies"."strike_usd" > 0 AND "policies"."amount_sats" > 0 AND "policies"."premium_amount" >= 0 AND "policies"."collateral_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "policy_allocations" (
	"id" serial PRIMARY KEY NOT NULL,
	"policy_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"token" "token" NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"share_bps" integer NOT NULL,
	"premium_amount" bigint DEFAULT 0 NOT NULL,
	"status" "allocation_status" DEFAULT 'LOCKED' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_allocations_policyId_providerId_unique" UNIQUE("policy_id","provider_id"),
	CONSTRAINT "policy_allocations_nonnegative" CHECK ("policy_allocations"."amount" >= 0 AND "policy_allocations"."premium_amount" >= 0),
	CONSTRAINT "policy_allocations_share_range" CHECK ("policy_allocations"."share_bps" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
CREATE TABLE "premium_distributions" (
	"id" serial PRIMARY KEY NOT NULL,
	"policy_id" integer NOT NULL,
	"token" "token" NOT NULL,
	"total_amount" bigint DEFAULT 0 NOT NULL,
	"status" "distribution_status" DEFAULT 'PENDING' NOT NULL,
	"distributed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "premium_distributions_policyId_unique" UNIQUE("policy_id"),
	CONSTRAINT "premium_distributions_nonnegative" CHECK ("premium_distributions"."total_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "provider_premium_distributions" (
	"id" serial PRIMARY KEY NOT NULL,
	"distribution_id" integer NOT NULL,
	"policy_id" integer NOT NULL,
	"provider_id" integer NOT NULL,
	"token" "token" NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"status" "distribution_status" DEFAULT 'PENDING' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"distributed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_premium_distributions_policyId_providerId_unique" UNIQUE("policy_id","provider_id"),
	CONSTRAINT "provider_premium_distributions_nonnegative" CHECK ("provider_premium_distributions"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "market_data" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"asset" text NOT NULL,
	"price_usd" bigint NOT NULL,
	"volatility" double precision,
	"source" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "market_data_price_positive" CHECK ("market_data"."price_usd" > 0)
);
--> statement-breakpoint
CREATE TABLE "premium_calculations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"principal" text,
	"params" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"premium_usd" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner" text NOT NULL,
	"policy_type" "policy_type" NOT NULL,
	"params" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"risk_params" jsonb NOT NULL,
	"market_data" jsonb NOT NULL,
	"premium_usd" bigint NOT NULL,
	"status" "quote_status" DEFAULT 'ACTIVE' NOT NULL,
	"name" text,
	"notes" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"purchased_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_parameters" (
	"id" serial PRIMARY KEY NOT NULL,
	"asset" text DEFAULT 'BTC' NOT NULL,
	"policy_type" "policy_type" NOT NULL,
	"version" integer NOT NULL,
	"base_rate" double precision NOT NULL,
	"volatility_multiplier" double precision NOT NULL,
	"duration_factor" double precision NOT NULL,
	"coverage_factor" double precision NOT NULL,
	"tier_multiplier_conservative" double precision NOT NULL,
	"tier_multiplier_balanced" double precision NOT NULL,
	"tier_multiplier_aggressive" double precision NOT NULL,
	"liquidity_adjustment" double precision DEFAULT 0 NOT NULL,
	"market_trend_adjustment" double precision DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_parameters_asset_policyType_version_unique" UNIQUE("asset","policy_type","version"),
	CONSTRAINT "risk_parameters_positive" CHECK ("risk_parameters"."volatility_multiplier" > 0 AND "risk_parameters"."base_rate" >= 0)
);
--> statement-breakpoint
CREATE TABLE "yield_calculations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"principal" text,
	"params" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_allocations" ADD CONSTRAINT "policy_allocations_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_allocations" ADD CONSTRAINT "policy_allocations_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "premium_distributions" ADD CONSTRAINT "premium_distributions_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_premium_distributions" ADD CONSTRAINT "provider_premium_distributions_distribution_id_premium_distributions_id_fk" FOREIGN KEY ("distribution_id") REFERENCES "public"."premium_distributions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_premium_distributions" ADD CONSTRAINT "provider_premium_distributions_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_premium_distributions" ADD CONSTRAINT "provider_premium_distributions_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chain_events_block_idx" ON "chain_events" USING btree ("block_height");--> statement-breakpoint
CREATE INDEX "ledger_entries_provider_time_idx" ON "ledger_entries" USING btree ("provider_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_entries_provider_type_time_idx" ON "ledger_entries" USING btree ("provider_id","type","created_at");--> statement-breakpoint
CREATE INDEX "ledger_entries_policy_idx" ON "ledger_entries" USING btree ("policy_id");--> statement-breakpoint
CREATE INDEX "notifications_principal_created_idx" ON "notifications" USING btree ("principal","created_at");--> statement-breakpoint
CREATE INDEX "policies_owner_status_idx" ON "policies" USING btree ("owner","status");--> statement-breakpoint
CREATE INDEX "policies_status_expires_idx" ON "policies" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "policy_allocations_policy_idx" ON "policy_allocations" USING btree ("policy_id");--> statement-breakpoint
CREATE INDEX "policy_allocations_provider_status_idx" ON "policy_allocations" USING btree ("provider_id","status");--> statement-breakpoint
CREATE INDEX "policy_allocations_status_idx" ON "policy_allocations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "provider_premium_distributions_due_idx" ON "provider_premium_distributions" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "provider_premium_distributions_provider_idx" ON "provider_premium_distributions" USING btree ("provider_id","status");--> statement-breakpoint
CREATE INDEX "market_data_asset_observed_idx" ON "market_data" USING btree ("asset","observed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "premium_calculations_created_idx" ON "premium_calculations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "quotes_owner_status_created_idx" ON "quotes" USING btree ("owner","status","created_at");--> statement-breakpoint
CREATE INDEX "quotes_status_expires_idx" ON "quotes" USING btree ("status","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_parameters_one_active_idx" ON "risk_parameters" USING btree ("asset","policy_type") WHERE "risk_parameters"."is_active";--> statement-breakpoint
CREATE INDEX "yield_calculations_created_idx" ON "yield_calculations" USING btree ("created_at");