CREATE TABLE "pool_snapshots" (
	"hour" timestamp with time zone NOT NULL,
	"token" "token" NOT NULL,
	"tier" text NOT NULL,
	"capital" bigint DEFAULT 0 NOT NULL,
	"locked" bigint DEFAULT 0 NOT NULL,
	"available" bigint DEFAULT 0 NOT NULL,
	"utilization_bps" integer NOT NULL,
	"provider_count" integer NOT NULL,
	"active_policy_count" integer NOT NULL,
	"premiums_earned" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pool_snapshots_token_tier_hour_pk" PRIMARY KEY("token","tier","hour"),
	CONSTRAINT "pool_snapshots_tier" CHECK ("pool_snapshots"."tier" in ('conservative', 'balanced', 'aggressive', 'all')),
	CONSTRAINT "pool_snapshots_hour" CHECK ("pool_snapshots"."hour" = date_trunc('hour', "pool_snapshots"."hour", 'UTC'))
);
