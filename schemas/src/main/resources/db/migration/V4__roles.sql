-- Three roles with least privilege. They are created without passwords: after every migration the services set
-- LOGIN and a password for each role whose password is configured (io.treebeard.schemas.db.RolePasswords), so no
-- secret is kept in the migration history.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'treebeard_cdc') THEN
        CREATE ROLE treebeard_cdc NOLOGIN REPLICATION;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'treebeard_writer') THEN
        CREATE ROLE treebeard_writer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'treebeard_reader') THEN
        CREATE ROLE treebeard_reader NOLOGIN;
    END IF;
END
$$;

-- CDC: reads the source tables for the initial snapshot, streams them through the publication.
GRANT USAGE ON SCHEMA public TO treebeard_cdc, treebeard_writer, treebeard_reader;
GRANT SELECT ON plan_catalog, user_profile, usage_history TO treebeard_cdc;

-- Writer: the ingest API writes the source tables; the projector writes the read model.
GRANT SELECT, INSERT, UPDATE, DELETE ON plan_catalog, user_profile, usage_history, recommendations TO treebeard_writer;

-- Reader: the query API reads everything and writes nothing.
GRANT SELECT ON plan_catalog, user_profile, usage_history, recommendations TO treebeard_reader;
