-- The monitor-health pass rewrites every provider row each minute (last_health_check_at and the
-- figures), touching no indexed column. Half of each page left free holds a new version of every row
-- on it, so PostgreSQL keeps each on its page (a HOT update) and writes none of providers' indexes;
-- the versions a pass leaves behind are pruned when the next pass reads the page. drizzle-kit does not
-- model table storage parameters, hence a custom migration. Existing pages gain the room as rows move.
ALTER TABLE "providers" SET (fillfactor = 50);
