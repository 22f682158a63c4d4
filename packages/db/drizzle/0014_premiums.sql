DROP INDEX "provider_premium_distributions_due_idx";--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "settlement_btc_usd" bigint;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "settlement_stx_usd" bigint;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "settlement_burn_height" integer;--> statement-breakpoint
ALTER TABLE "provider_premium_distributions" ADD COLUMN "due_burn_height" integer;--> statement-breakpoint
ALTER TABLE "provider_premium_distributions" ADD COLUMN "claim_key" text;--> statement-breakpoint
ALTER TABLE "provider_premium_distributions" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "provider_premium_distributions_due_height_idx" ON "provider_premium_distributions" USING btree ("status","due_burn_height");--> statement-breakpoint
CREATE INDEX "provider_premium_distributions_claim_idx" ON "provider_premium_distributions" USING btree ("claim_key");--> statement-breakpoint
-- hand-written: shares written before the delay counted in Bitcoin blocks are due 144 burn blocks
-- (PREMIUM_DISTRIBUTION_DELAY_BLOCKS) after their policy's expiry (the settlement's burn height is
-- not known for them); then the column is required (drizzle-kit cannot add a NOT NULL column to a
-- table that may have rows).
UPDATE "provider_premium_distributions" s SET "due_burn_height" = p."expiration_height" + 144
  FROM "policies" p WHERE p."id" = s."policy_id" AND s."due_burn_height" IS NULL;--> statement-breakpoint
ALTER TABLE "provider_premium_distributions" ALTER COLUMN "due_burn_height" SET NOT NULL;
