-- Issue #14: a lock across 10,000 providers inserts 10,000 keys into the unique index on
-- idempotency_key. Under the database's collation (C.UTF-8 here, en_US in many installations)
-- every comparison goes through strcoll; keys are identifiers that are only ever compared for
-- equality, so byte order ("C") serves them as well and compares with memcmp. Rebuilds that index.
ALTER TABLE "ledger_entries" ALTER COLUMN "idempotency_key" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
-- applyEntries' refusals found only after its writes (a balance row the entries need is missing):
-- raising fails the statement, so nothing it wrote stays. The reason is the message; the code is
-- the ledger's own (class BH), so it cannot be mistaken for another error.
CREATE FUNCTION "ledger_refuse"(reason text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger refused: %', reason USING ERRCODE = 'BH001';
END
$$;
