-- Change data capture (pgoutput). REPLICA IDENTITY FULL puts the whole old row into the WAL for updates and deletes,
-- so a consumer sees what a change replaced (for example a plan's old regions) without a lookup.
ALTER TABLE plan_catalog REPLICA IDENTITY FULL;
ALTER TABLE user_profile REPLICA IDENTITY FULL;
ALTER TABLE usage_history REPLICA IDENTITY FULL;

-- The publication the capture reads. Debezium creates it when absent (publication.autocreate.mode=filtered);
-- creating it here lets the capture run as a role that does not own the tables.
CREATE PUBLICATION treebeard_cdc FOR TABLE plan_catalog, user_profile, usage_history;
