-- Only indexes that a real query of the project uses (docs/architecture.md, "Indexes"). Each one has an EXPLAIN test.
--
-- Plans of a region among active plans: the catalog read (query-api fallback, cache rebuild):
--   SELECT ... FROM plan_catalog WHERE is_active AND available_regions @> ARRAY[$1] ...
-- The reference's separate GIN on rate_structure and partial btree on renewable_percentage are left out: no query
-- filters on rate_structure's content, and renewable_percentage is only ever filtered within one region, where this
-- index has already narrowed the rows. The reference's usage (user_id, usage_date desc) and recommendations
-- (user_id, expires_at desc) indexes are the primary keys here: a btree reads backwards as fast as forwards, and
-- recommendations has one row per user, so a second index would only double the write cost.
CREATE INDEX idx_plan_catalog_active_regions ON plan_catalog USING gin (available_regions) WHERE is_active;
