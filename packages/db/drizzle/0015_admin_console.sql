CREATE TABLE "admin_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tier_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" "tier_name" NOT NULL,
	"token" "token" NOT NULL,
	"version" integer NOT NULL,
	"capacity_limit" bigint DEFAULT 0 NOT NULL,
	"collateral_ratio_bps" integer NOT NULL,
	"premium_multiplier_bps" integer NOT NULL,
	"max_exposure_bps" integer NOT NULL,
	"warning_threshold_bps" integer NOT NULL,
	"margin_call_threshold_bps" integer NOT NULL,
	"is_active" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tier_versions_name_token_version_unique" UNIQUE("name","token","version"),
	CONSTRAINT "tier_versions_ratios_positive" CHECK ("tier_versions"."collateral_ratio_bps" > 0 AND "tier_versions"."premium_multiplier_bps" > 0),
	CONSTRAINT "tier_versions_exposure_range" CHECK ("tier_versions"."max_exposure_bps" BETWEEN 0 AND 10000),
	CONSTRAINT "tier_versions_thresholds_ordered" CHECK ("tier_versions"."margin_call_threshold_bps" < "tier_versions"."warning_threshold_bps"),
	CONSTRAINT "tier_versions_capacity_nonnegative" CHECK ("tier_versions"."capacity_limit" >= 0)
);
--> statement-breakpoint
CREATE INDEX "admin_audit_created_id_idx" ON "admin_audit" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "tier_versions_one_active_idx" ON "tier_versions" USING btree ("name","token") WHERE "tier_versions"."is_active";--> statement-breakpoint
-- The configuration in place becomes version 1 of each tier × token, active, so history starts
-- from what the readers use today.
INSERT INTO "tier_versions" ("name", "token", "version", "capacity_limit", "collateral_ratio_bps", "premium_multiplier_bps", "max_exposure_bps", "warning_threshold_bps", "margin_call_threshold_bps", "is_active", "created_by", "created_at")
SELECT "name", "token", 1, "capacity_limit", "collateral_ratio_bps", "premium_multiplier_bps", "max_exposure_bps", "warning_threshold_bps", "margin_call_threshold_bps", true, 'seed', "updated_at" FROM "tiers";
