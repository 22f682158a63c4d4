CREATE TABLE "job_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"step" text NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"trigger" text NOT NULL,
	"instance" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"result" jsonb,
	"error" text,
	CONSTRAINT "job_runs_step_slot_key" UNIQUE("step","slot"),
	CONSTRAINT "job_runs_trigger" CHECK ("job_runs"."trigger" in ('scheduler', 'route'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_one_running_idx" ON "job_runs" USING btree ("step") WHERE "job_runs"."finished_at" is null;--> statement-breakpoint
CREATE INDEX "job_runs_step_started_idx" ON "job_runs" USING btree ("step","started_at");--> statement-breakpoint
CREATE INDEX "job_runs_started_idx" ON "job_runs" USING btree ("started_at");