package io.treebeard.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.db.ReadQueries;
import io.treebeard.stack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every index of the migrations is chosen by the real query it was built for, on a realistically sized and analysed
 * data set (the planner would rightly seq-scan a handful of rows), with the planner's defaults left alone.
 */
@ExtendWith(LocalStackExtension.class)
class IndexUsageIT {

    private static DataSource db;

    @BeforeAll
    static void loadRealisticVolumes(LocalStack stack) throws SQLException {
        stack.postgres().createDatabase("index_it");
        db = stack.postgres().dataSource("index_it");
        Migrations.migrate(db);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // 20,000 plans over 100 regions (two regions each), 80% active.
            s.execute("INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure,"
                    + " renewable_percentage, contract_months)"
                    + " SELECT 'p-' || g, 'provider-' || (g % 40), 'Plan ' || g,"
                    + " ARRAY['R-' || (g % 100), 'R-' || ((g * 7) % 100)], g % 5 <> 0,"
                    + " jsonb_build_object('energy', jsonb_build_object('type', 'flat', 'rate', 0.10 + (g % 50) / 1000.0)),"
                    + " g % 101, (g % 4) * 12 FROM generate_series(1, 20000) AS g");
            // 1,000 users with 400 days of readings each.
            s.execute("INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh)"
                    + " SELECT 'u-' || u, DATE '2025-10-01' + d, 20 + (u % 10), 8"
                    + " FROM generate_series(1, 1000) AS u, generate_series(0, 399) AS d");
            s.execute("INSERT INTO recommendations (user_id, version, generated_at, expires_at, payload)"
                    + " SELECT 'u-' || u, 1, now(), now() + interval '1 day', '{}' FROM generate_series(1, 20000) AS u");
            s.execute("ANALYZE");
        }
    }

    @Test
    void activePlansOfARegionUseThePartialGinIndex() throws SQLException {
        String plan = explain(ReadQueries.ACTIVE_PLANS_OF_REGION, "R-42", 0, Integer.MAX_VALUE, "", 100);
        assertThat(plan).contains("idx_plan_catalog_active_regions");
    }

    @Test
    void activePlansOfARegionWithFiltersStillUseThePartialGinIndex() throws SQLException {
        String plan = explain(ReadQueries.ACTIVE_PLANS_OF_REGION, "R-7", 50, 12, "p-100", 20);
        assertThat(plan).contains("idx_plan_catalog_active_regions");
    }

    @Test
    void usageWindowIsReadBackwardsThroughThePrimaryKey() throws SQLException {
        String plan = explain(ReadQueries.USAGE_WINDOW, "u-17", "u-17");
        assertThat(plan).contains("usage_history_pkey").doesNotContain("Seq Scan");
    }

    @Test
    void recommendationLookupUsesThePrimaryKey() throws SQLException {
        assertThat(explain(ReadQueries.RECOMMENDATION_BY_USER, "u-17")).contains("recommendations_pkey");
    }

    @Test
    void planLookupUsesThePrimaryKey() throws SQLException {
        assertThat(explain(ReadQueries.PLAN_BY_ID, "p-17")).contains("plan_catalog_pkey");
    }

    private static String explain(String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            return String.join("\n", lines);
        }
    }
}
