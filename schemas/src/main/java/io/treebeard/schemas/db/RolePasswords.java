package io.treebeard.schemas.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;

/**
 * Gives TreeBeard's database roles (created by migration V4) LOGIN and a password. Passwords are configuration, not
 * schema: they are applied after every migration and never written into the migration history. The password travels
 * as a bound parameter and is quoted by the server ({@code format('%L')}), so any character is safe and nothing is
 * logged by this code.
 */
public final class RolePasswords {

    /** The capture role (REPLICATION; reads the source tables). */
    public static final String CDC_ROLE = "treebeard_cdc";
    /** The writer role (ingest API, cache projector). */
    public static final String WRITER_ROLE = "treebeard_writer";
    /** The read-only role (query API). */
    public static final String READER_ROLE = "treebeard_reader";

    private static final Set<String> ROLES = Set.of(CDC_ROLE, WRITER_ROLE, READER_ROLE);

    private RolePasswords() {
    }

    /**
     * Sets LOGIN and the password of each role in {@code passwords}; a null or empty password leaves that role alone,
     * so an operator can manage it outside TreeBeard.
     *
     * @throws IllegalArgumentException for a role that is not one of TreeBeard's
     */
    public static void apply(Connection connection, Map<String, String> passwords) throws SQLException {
        for (Map.Entry<String, String> e : passwords.entrySet()) {
            if (!ROLES.contains(e.getKey())) {
                throw new IllegalArgumentException("Not a TreeBeard role: " + e.getKey());
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                continue;
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT set_config('treebeard.role_password', ?, false)")) {
                ps.setString(1, e.getValue());
                ps.execute();
            }
            try (Statement s = connection.createStatement()) {
                s.execute("DO $$ BEGIN EXECUTE format('ALTER ROLE " + e.getKey() + " LOGIN PASSWORD %L',"
                        + " current_setting('treebeard.role_password')); END $$");
                s.execute("RESET treebeard.role_password");
            }
        }
    }
}
