CREATE TYPE "public"."quote_type" AS ENUM('BUYER', 'PROVIDER');--> statement-breakpoint
ALTER TYPE "public"."quote_status" ADD VALUE 'COMMITTED';--> statement-breakpoint
ALTER TYPE "public"."quote_status" ADD VALUE 'DECLINED';--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "quote_type" "quote_type" DEFAULT 'BUYER' NOT NULL;--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "token" "token";--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "tier" "tier_name";--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "committed_tx_id" text;--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "committed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "quotes" ADD COLUMN "declined_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_provider_terms" CHECK (("quotes"."quote_type" = 'PROVIDER') = ("quotes"."token" IS NOT NULL AND "quotes"."tier" IS NOT NULL));