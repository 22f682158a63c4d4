CREATE TABLE "operator_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"tx_id" text,
	"nonce" bigint,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"retry_after" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operator_outbox_status" CHECK ("operator_outbox"."status" in ('PENDING', 'CONFIRMED', 'FAILED', 'DROPPED'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "operator_outbox_live_subject_idx" ON "operator_outbox" USING btree ("action","subject") WHERE "operator_outbox"."status" = 'PENDING';--> statement-breakpoint
CREATE INDEX "operator_outbox_subject_idx" ON "operator_outbox" USING btree ("action","subject","id");