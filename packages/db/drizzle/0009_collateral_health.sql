ALTER TABLE "providers" ALTER COLUMN "collateralization_ratio_bps" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "health_requirement_usd" bigint;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "health_collateral_usd" bigint;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "health_btc_price_usd" bigint;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "health_stx_price_usd" bigint;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "last_health_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "health_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "health_transition" jsonb;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "health_notified_status" "health_status" DEFAULT 'healthy' NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_principal_id_idx" ON "notifications" USING btree ("principal","id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_dedupeKey_unique" UNIQUE("dedupe_key");