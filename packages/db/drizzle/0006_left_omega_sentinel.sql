CREATE TYPE "public"."chain_block_status" AS ENUM('APPLIED', 'ROLLED_BACK');--> statement-breakpoint
ALTER TYPE "public"."chain_event_status" ADD VALUE 'QUARANTINED';--> statement-breakpoint
ALTER TYPE "public"."ledger_entry_type" ADD VALUE 'WITHDRAWAL_CANCEL';--> statement-breakpoint
ALTER TYPE "public"."ledger_entry_type" ADD VALUE 'WITHDRAWAL_DEFICIT';--> statement-breakpoint
CREATE TABLE "admin_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"data" jsonb,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chain_blocks" (
	"hash" text PRIMARY KEY NOT NULL,
	"height" integer NOT NULL,
	"parent_hash" text,
	"status" "chain_block_status" DEFAULT 'APPLIED' NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rolled_back_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "provider_balances" ADD COLUMN "withdrawal_cancel_requested_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "admin_alerts_open_idx" ON "admin_alerts" USING btree ("kind","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "chain_blocks_applied_height_idx" ON "chain_blocks" USING btree ("height") WHERE "chain_blocks"."status" = 'APPLIED';