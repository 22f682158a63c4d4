-- A provider quote's policy type is the type its capital backs: STX backs PUTs, sBTC CALLs. Saves
-- stored PUT for every provider quote (the reader corrected it from the token); this corrects the
-- rows, so a query on quotes.policy_type sees the same type the app shows.
UPDATE "quotes" SET "policy_type" = 'CALL' WHERE "quote_type" = 'PROVIDER' AND "token" = 'SBTC' AND "policy_type" <> 'CALL';
