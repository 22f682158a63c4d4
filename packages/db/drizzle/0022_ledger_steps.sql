-- Wide policy steps as one row (issue #14: a policy locked across 10,000 providers in <= 150 ms).
-- A step across many providers (one type, token and policy) is one ledger_steps row holding every
-- provider's amount, instead of one ledger_entries row per provider; ledger_history shows both as
-- one row per provider per entry, and every reader of the history reads it. Keys compare bytewise
-- like the entries' (0019), so a chain event's steps are an index range of their key prefix.
CREATE TABLE "ledger_steps" (
	"id" bigint PRIMARY KEY DEFAULT nextval('ledger_entries_id_seq') NOT NULL,
	"token" "token" NOT NULL,
	"type" "ledger_entry_type" NOT NULL,
	"policy_id" integer,
	"chain_tx_id" text,
	"chain_event_index" integer,
	"idempotency_key" text COLLATE "C" NOT NULL,
	"provider_ids" integer[] NOT NULL,
	"amounts" bigint[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_steps_idempotencyKey_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "ledger_steps_policy_step" CHECK ("ledger_steps"."type" in ('LOCK', 'RELEASE', 'SETTLEMENT_DEBIT', 'PREMIUM_PENDING', 'PREMIUM_EARNED')),
	CONSTRAINT "ledger_steps_parts" CHECK (cardinality("ledger_steps"."provider_ids") > 0 and cardinality("ledger_steps"."provider_ids") = cardinality("ledger_steps"."amounts") and 0 < all("ledger_steps"."amounts"))
);
--> statement-breakpoint
CREATE INDEX "ledger_steps_provider_ids_idx" ON "ledger_steps" USING gin ("provider_ids");
--> statement-breakpoint
-- Each step as one entry per provider. A step's deltas follow from its type; the ledger's
-- POLICY_STEP_DELTAS (step.ts) says the same and a test compares the two. The provider comes from a
-- join with providers so that a reader's `provider_id = $1` reaches the providers key and the
-- steps' GIN index (a filter on the unnested id alone would read every step); an unfiltered read
-- hash-joins the unnested ids instead.
CREATE VIEW "ledger_step_entries" AS
  SELECT s.id, p.id AS provider_id, s.token, s.type, 'CONFIRMED'::ledger_status AS status, u.amount,
    CASE s.type WHEN 'LOCK' THEN -u.amount WHEN 'RELEASE' THEN u.amount ELSE 0 END::bigint AS available_delta,
    CASE s.type WHEN 'LOCK' THEN u.amount WHEN 'RELEASE' THEN -u.amount WHEN 'SETTLEMENT_DEBIT' THEN -u.amount ELSE 0 END::bigint AS locked_delta,
    0::bigint AS pending_withdrawal_delta,
    CASE s.type WHEN 'PREMIUM_PENDING' THEN u.amount WHEN 'PREMIUM_EARNED' THEN -u.amount ELSE 0 END::bigint AS pending_premium_delta,
    CASE s.type WHEN 'PREMIUM_EARNED' THEN u.amount ELSE 0 END::bigint AS earned_premium_delta,
    0::bigint AS claimed_premium_delta, 0::bigint AS total_deposited_delta, 0::bigint AS total_withdrawn_delta,
    s.policy_id, s.chain_tx_id, s.chain_event_index,
    (s.idempotency_key || ':p' || p.id) COLLATE "C" AS idempotency_key, s.created_at
  FROM "providers" p
  JOIN "ledger_steps" s ON s.provider_ids @> ARRAY[p.id]
  CROSS JOIN LATERAL unnest(s.provider_ids, s.amounts) AS u(provider_id, amount)
  WHERE u.provider_id = p.id;
--> statement-breakpoint
-- The whole history, one row per provider per entry: what every reader reads.
CREATE VIEW "ledger_history" AS
  SELECT id, provider_id, token, type, status, amount,
    available_delta, locked_delta, pending_withdrawal_delta, pending_premium_delta,
    earned_premium_delta, claimed_premium_delta, total_deposited_delta, total_withdrawn_delta,
    policy_id, chain_tx_id, chain_event_index, idempotency_key, created_at
  FROM "ledger_entries"
  UNION ALL
  SELECT * FROM "ledger_step_entries";
