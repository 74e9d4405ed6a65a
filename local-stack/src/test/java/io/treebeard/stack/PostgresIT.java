package io.treebeard.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.stack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(LocalStackExtension.class)
class PostgresIT {

    private static DataSource db;

    @BeforeAll
    static void freshDatabase(LocalStack stack) {
        stack.postgres().createDatabase("postgres_it");
        db = stack.postgres().dataSource("postgres_it");
    }

    @Test
    void walLevelIsLogical() throws SQLException {
        assertThat(queryStrings("SHOW wal_level")).containsExactly("logical");
    }

    @Test
    void migrationsApplyToAnEmptyDatabaseAndAreANoOpOnReRun(LocalStack stack) throws SQLException {
        stack.postgres().createDatabase("migrations_it");
        DataSource empty = stack.postgres().dataSource("migrations_it");

        MigrateResult first = Migrations.migrate(empty);
        MigrateResult second = Migrations.migrate(empty);

        assertThat(first.migrationsExecuted).isEqualTo(4);
        assertThat(second.migrationsExecuted).isZero();
        assertThat(second.targetSchemaVersion).isNull();
        assertThat(Migrations.flyway(empty).info().current().getVersion().getVersion()).isEqualTo("4");
        try (Connection c = empty.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history' ORDER BY 1")) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            assertThat(tables).containsExactly("plan_catalog", "recommendations", "usage_history", "user_profile");
        }
    }

    @Test
    void tablesHaveExactlyTheContractColumnsAndTypes() throws SQLException {
        Migrations.migrate(db);
        assertThat(columns("plan_catalog")).containsExactly(
                "plan_id text NO", "provider text NO", "name text NO", "available_regions text[] NO", "is_active boolean NO",
                "rate_structure jsonb NO", "renewable_percentage numeric(5,2) NO", "contract_months integer NO",
                "early_termination_fee numeric(10,2) NO", "updated_at timestamp with time zone NO");
        assertThat(columns("user_profile")).containsExactly(
                "user_id text NO", "region text NO", "current_plan_id text YES", "contract_end_date date YES",
                "preferences jsonb NO", "updated_at timestamp with time zone NO");
        assertThat(columns("usage_history")).containsExactly(
                "user_id text NO", "usage_date date NO", "kwh numeric(10,3) NO", "peak_kwh numeric(10,3) YES");
        assertThat(columns("recommendations")).containsExactly(
                "user_id text NO", "version bigint NO", "generated_at timestamp with time zone NO",
                "expires_at timestamp with time zone NO", "payload jsonb NO");
        assertThat(queryStrings("SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_index i"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                + " WHERE i.indrelid = 'usage_history'::regclass AND i.indisprimary")).containsExactly("user_id,usage_date");
    }

    @Test
    void captureIsSetUpWithAPublicationAndFullReplicaIdentity() throws SQLException {
        Migrations.migrate(db);
        assertThat(queryStrings("SELECT tablename FROM pg_publication_tables WHERE pubname = 'treebeard_cdc' ORDER BY 1"))
                .containsExactly("plan_catalog", "usage_history", "user_profile");
        assertThat(queryStrings("SELECT relname || ':' || relreplident FROM pg_class"
                + " WHERE relname IN ('plan_catalog', 'user_profile', 'usage_history') ORDER BY 1"))
                .containsExactly("plan_catalog:f", "usage_history:f", "user_profile:f");
    }

    @Test
    void threeRolesHaveLeastPrivilege() throws SQLException {
        Migrations.migrate(db);
        assertThat(queryStrings("SELECT rolname || ':' || rolreplication || ':' || rolcanlogin FROM pg_roles"
                + " WHERE rolname LIKE 'treebeard\\_%' ORDER BY 1"))
                .containsExactly("treebeard_cdc:true:true", "treebeard_reader:false:true", "treebeard_writer:false:true");
        assertThat(privileges("treebeard_reader", "usage_history")).containsExactly("SELECT");
        assertThat(privileges("treebeard_reader", "recommendations")).containsExactly("SELECT");
        assertThat(privileges("treebeard_writer", "usage_history")).containsExactly("DELETE", "INSERT", "SELECT", "UPDATE");
        assertThat(privileges("treebeard_writer", "recommendations")).containsExactly("DELETE", "INSERT", "SELECT", "UPDATE");
        assertThat(privileges("treebeard_cdc", "plan_catalog")).containsExactly("SELECT");
        assertThat(privileges("treebeard_cdc", "recommendations")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // renewable_percentage 120
        "INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure, renewable_percentage,"
            + " contract_months) VALUES ('p-1', 'A', 'B', ARRAY['TX'], true, '{}', 120, 0)",
        // an empty available_regions
        "INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure, renewable_percentage,"
            + " contract_months) VALUES ('p-1', 'A', 'B', ARRAY[]::text[], true, '{}', 50, 0)",
        // a region that is not an identifier
        "INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure, renewable_percentage,"
            + " contract_months) VALUES ('p-1', 'A', 'B', ARRAY['TX NORTH'], true, '{}', 50, 0)",
        // a negative contract length
        "INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure, renewable_percentage,"
            + " contract_months) VALUES ('p-1', 'A', 'B', ARRAY['TX'], true, '{}', 50, -1)",
        // a negative early termination fee
        "INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure, renewable_percentage,"
            + " contract_months, early_termination_fee) VALUES ('p-1', 'A', 'B', ARRAY['TX'], true, '{}', 50, 0, -5)",
        // a plan id with a space
        "INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure, renewable_percentage,"
            + " contract_months) VALUES ('p 1', 'A', 'B', ARRAY['TX'], true, '{}', 50, 0)",
        // a negative kWh
        "INSERT INTO usage_history (user_id, usage_date, kwh) VALUES ('u-1', '2026-01-01', -0.001)",
        // peak_kwh greater than kwh
        "INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh) VALUES ('u-1', '2026-01-01', 10, 10.001)",
        // a negative peak_kwh
        "INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh) VALUES ('u-1', '2026-01-01', 10, -1)",
        // a user id with a space
        "INSERT INTO usage_history (user_id, usage_date, kwh) VALUES ('u 1', '2026-01-01', 1)",
        // a user id of 65 characters
        "INSERT INTO user_profile (user_id, region) VALUES (repeat('u', 65), 'TX')",
        // an empty user id
        "INSERT INTO user_profile (user_id, region) VALUES ('', 'TX')",
        // a region with a slash
        "INSERT INTO user_profile (user_id, region) VALUES ('u-1', 'TX/NORTH')",
        // preferences that are not an object
        "INSERT INTO user_profile (user_id, region, preferences) VALUES ('u-1', 'TX', '[]')",
        // a recommendation that expires before it was generated
        "INSERT INTO recommendations VALUES ('u-1', 1, '2026-11-25T10:00:00Z', '2026-11-25T09:00:00Z', '{}')"
    })
    void databaseRejectsOutOfRangeRows(String insert) throws SQLException {
        Migrations.migrate(db);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute(insert))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"));
        }
    }

    @Test
    void databaseAcceptsRowsAtTheEdgesOfTheRanges() throws SQLException {
        Migrations.migrate(db);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure,"
                    + " renewable_percentage, contract_months) VALUES ('" + "p".repeat(64) + "', 'A', 'B', ARRAY['A-Z_a.z:0-9'],"
                    + " true, '{}', 100, 0)");
            s.execute("INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh) VALUES ('edge:u.1_x-y', '2026-01-01', 0, 0)");
            s.execute("INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh) VALUES ('edge:u.1_x-y', '2026-01-02', 5, 5)");
            s.execute("INSERT INTO user_profile (user_id, region) VALUES ('edge:u.1_x-y', 'TX')");
            assertThat(queryStrings("SELECT preferences::text FROM user_profile WHERE user_id = 'edge:u.1_x-y'"))
                    .containsExactly("{}");
        }
    }

    private List<String> columns(String table) throws SQLException {
        return queryStrings("SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' '"
                + " || CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END FROM pg_attribute a"
                + " WHERE a.attrelid = '" + table + "'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
    }

    private List<String> privileges(String role, String table) throws SQLException {
        return queryStrings("SELECT privilege_type FROM information_schema.role_table_grants"
                + " WHERE grantee = '" + role + "' AND table_name = '" + table + "' ORDER BY 1");
    }

    private static List<String> queryStrings(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
