CREATE TYPE "public"."health_status" AS ENUM('healthy', 'warning', 'margin_call');--> statement-breakpoint
CREATE TYPE "public"."tier_name" AS ENUM('conservative', 'balanced', 'aggressive');--> statement-breakpoint
CREATE TYPE "public"."token" AS ENUM('STX', 'SBTC');--> statement-breakpoint
CREATE TABLE "provider_balances" (
	"provider_id" integer NOT NULL,
	"token" "token" NOT NULL,
	"total_deposited" bigint DEFAULT 0 NOT NULL,
	"available" bigint DEFAULT 0 NOT NULL,
	"locked" bigint DEFAULT 0 NOT NULL,
	"pending_withdrawal" bigint DEFAULT 0 NOT NULL,
	"total_withdrawn" bigint DEFAULT 0 NOT NULL,
	"earned_premiums" bigint DEFAULT 0 NOT NULL,
	"pending_premiums" bigint DEFAULT 0 NOT NULL,
	"withdrawn_premiums" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_balances_provider_id_token_pk" PRIMARY KEY("provider_id","token"),
	CONSTRAINT "provider_balances_nonnegative" CHECK ("provider_balances"."total_deposited" >= 0 AND "provider_balances"."available" >= 0 AND "provider_balances"."locked" >= 0 AND "provider_balances"."pending_withdrawal" >= 0 AND "provider_balances"."total_withdrawn" >= 0 AND "provider_balances"."earned_premiums" >= 0 AND "provider_balances"."pending_premiums" >= 0 AND "provider_balances"."withdrawn_premiums" >= 0)
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" serial PRIMARY KEY NOT NULL,
	"principal" text NOT NULL,
	"tier" "tier_name" NOT NULL,
	"health_status" "health_status" DEFAULT 'healthy' NOT NULL,
	"collateralization_ratio_bps" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_principal_unique" UNIQUE("principal")
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" "tier_name" NOT NULL,
	"token" "token" NOT NULL,
	"capacity_limit" bigint DEFAULT 0 NOT NULL,
	"collateral_ratio_bps" integer NOT NULL,
	"premium_multiplier_bps" integer NOT NULL,
	"max_exposure_bps" integer NOT NULL,
	"warning_threshold_bps" integer NOT NULL,
	"margin_call_threshold_bps" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tiers_name_token_unique" UNIQUE("name","token"),
	CONSTRAINT "tiers_ratios_positive" CHECK ("tiers"."collateral_ratio_bps" > 0 AND "tiers"."premium_multiplier_bps" > 0),
	CONSTRAINT "tiers_exposure_range" CHECK ("tiers"."max_exposure_bps" BETWEEN 0 AND 10000),
	CONSTRAINT "tiers_thresholds_ordered" CHECK ("tiers"."margin_call_threshold_bps" <= "tiers"."warning_threshold_bps"),
	CONSTRAINT "tiers_capacity_nonnegative" CHECK ("tiers"."capacity_limit" >= 0)
);
--> statement-breakpoint
ALTER TABLE "provider_balances" ADD CONSTRAINT "provider_balances_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_balances_token_idx" ON "provider_balances" USING btree ("token");--> statement-breakpoint
CREATE INDEX "providers_tier_idx" ON "providers" USING btree ("tier");