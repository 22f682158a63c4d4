CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"http_status" integer NOT NULL,
	"applied_blocks" integer DEFAULT 0 NOT NULL,
	"rolled_back_blocks" integer DEFAULT 0 NOT NULL,
	"new_events" integer DEFAULT 0 NOT NULL,
	"duplicate_events" integer DEFAULT 0 NOT NULL,
	"min_height" integer,
	"max_height" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	CONSTRAINT "webhook_deliveries_status" CHECK ("webhook_deliveries"."status" in ('applied', 'duplicate', 'conflict', 'rejected', 'failed'))
);
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("received_at");