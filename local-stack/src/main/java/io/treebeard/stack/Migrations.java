package io.treebeard.stack;

import io.treebeard.schemas.db.RolePasswords;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies TreeBeard's Flyway migrations ({@code classpath:db/migration}, shipped in the schemas module) the way the
 * services do at startup.
 */
public final class Migrations {

    /** Where the migrations live on the classpath. */
    public static final String LOCATION = "classpath:db/migration";

    /** The role passwords of the local stack (trust authentication makes them informative only). */
    public static final Map<String, String> LOCAL_ROLE_PASSWORDS = Map.of(
            RolePasswords.CDC_ROLE, "treebeard-cdc",
            RolePasswords.WRITER_ROLE, "treebeard-writer",
            RolePasswords.READER_ROLE, "treebeard-reader");

    private Migrations() {
    }

    /** Migrates the database behind {@code dataSource} to the latest version, with the local role passwords. */
    public static MigrateResult migrate(DataSource dataSource) {
        MigrateResult result = flyway(dataSource).migrate();
        try (Connection connection = dataSource.getConnection()) {
            RolePasswords.apply(connection, LOCAL_ROLE_PASSWORDS);
        } catch (SQLException e) {
            throw new StackException("Cannot set the role passwords", e);
        }
        return result;
    }

    /** A Flyway configured as the services configure it. */
    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .load();
    }
}
