-- One naming for admin alert kinds (kebab-case, as four of the seven already were): the three
-- raised as UPPER_SNAKE are renamed, so open and resolved alerts keep their kind under the name
-- the code and the console now use.
UPDATE "admin_alerts" SET "kind" = 'untrusted-sbtc-deposit' WHERE "kind" = 'UNTRUSTED_SBTC_DEPOSIT';--> statement-breakpoint
UPDATE "admin_alerts" SET "kind" = 'policy-unallocated' WHERE "kind" = 'POLICY_UNALLOCATED';--> statement-breakpoint
UPDATE "admin_alerts" SET "kind" = 'margin-call' WHERE "kind" = 'MARGIN_CALL';
