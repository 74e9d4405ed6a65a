package io.treebeard.ingest.store;

import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import tools.jackson.databind.JsonNode;

/**
 * Writes the source tables, one transaction per call: a batch commits whole or not at all. Upserts skip rows whose
 * values did not change, so a retried request writes nothing new and the capture publishes nothing twice.
 */
public final class SourceWriter {

    private static final String STAGING = "CREATE TEMP TABLE IF NOT EXISTS usage_staging"
            + " (ord int, user_id text, usage_date date, kwh numeric(10,3), peak_kwh numeric(10,3)) ON COMMIT DELETE ROWS";

    // The last row of a batch wins for a (user_id, usage_date) that appears twice in it.
    private static final String MERGE_USAGE = "INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh)"
            + " SELECT DISTINCT ON (user_id, usage_date) user_id, usage_date, kwh, peak_kwh FROM usage_staging"
            + " ORDER BY user_id, usage_date, ord DESC"
            + " ON CONFLICT (user_id, usage_date) DO UPDATE SET kwh = excluded.kwh, peak_kwh = excluded.peak_kwh"
            + " WHERE (usage_history.kwh, usage_history.peak_kwh) IS DISTINCT FROM (excluded.kwh, excluded.peak_kwh)";

    private static final String UPSERT_PLAN = "INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active,"
            + " rate_structure, renewable_percentage, contract_months, early_termination_fee, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, now())"
            + " ON CONFLICT (plan_id) DO UPDATE SET provider = excluded.provider, name = excluded.name,"
            + " available_regions = excluded.available_regions, is_active = excluded.is_active,"
            + " rate_structure = excluded.rate_structure, renewable_percentage = excluded.renewable_percentage,"
            + " contract_months = excluded.contract_months, early_termination_fee = excluded.early_termination_fee,"
            + " updated_at = now()"
            + " WHERE (plan_catalog.provider, plan_catalog.name, plan_catalog.available_regions, plan_catalog.is_active,"
            + " plan_catalog.rate_structure, plan_catalog.renewable_percentage, plan_catalog.contract_months,"
            + " plan_catalog.early_termination_fee) IS DISTINCT FROM (excluded.provider, excluded.name,"
            + " excluded.available_regions, excluded.is_active, excluded.rate_structure, excluded.renewable_percentage,"
            + " excluded.contract_months, excluded.early_termination_fee)"
            + " RETURNING (xmax = 0) AS inserted";

    private static final String UPSERT_PROFILE = "INSERT INTO user_profile (user_id, region, current_plan_id, contract_end_date,"
            + " preferences, updated_at) VALUES (?, ?, ?, ?, ?::jsonb, now())"
            + " ON CONFLICT (user_id) DO UPDATE SET region = excluded.region, current_plan_id = excluded.current_plan_id,"
            + " contract_end_date = excluded.contract_end_date, preferences = excluded.preferences, updated_at = now()"
            + " WHERE (user_profile.region, user_profile.current_plan_id, user_profile.contract_end_date, user_profile.preferences)"
            + " IS DISTINCT FROM (excluded.region, excluded.current_plan_id, excluded.contract_end_date, excluded.preferences)"
            + " RETURNING (xmax = 0) AS inserted";

    private final DataSource dataSource;

    /** A writer using connections from {@code dataSource} (the writer role). */
    public SourceWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What an upsert did. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    /**
     * Upserts readings in one transaction: COPY into a session-local staging table, then one merge statement.
     *
     * @return the number of rows inserted or changed (rows identical to what is stored are not rewritten)
     */
    public int upsertUsage(List<UsageReading> rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(STAGING);
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY usage_staging (ord, user_id, usage_date, kwh, peak_kwh) FROM STDIN (FORMAT csv)",
                        new StringReader(csv(rows)));
                int changed = s.executeUpdate(MERGE_USAGE);
                c.commit();
                return changed;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e instanceof SQLException se ? se : new SQLException("Usage batch failed: " + e.getMessage(), e);
            }
        }
    }

    private static String csv(List<UsageReading> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 40);
        for (int i = 0; i < rows.size(); i++) {
            UsageReading r = rows.get(i);
            // Identifiers are validated (no commas or quotes), so no CSV quoting is needed.
            out.append(i).append(',').append(r.userId()).append(',').append(r.usageDate()).append(',')
                    .append(r.kwh().toPlainString()).append(',');
            if (r.peakKwh() != null) {
                out.append(r.peakKwh().toPlainString());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Deletes one reading; false when there was none. */
    public boolean deleteReading(String userId, LocalDate usageDate) throws SQLException {
        return update("DELETE FROM usage_history WHERE user_id = ? AND usage_date = ?", userId, Date.valueOf(usageDate)) > 0;
    }

    /** Upserts a plan; {@code rateStructure} is stored as the client sent it (validated). */
    public Outcome upsertPlan(Plan plan, JsonNode rateStructure) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT_PLAN)) {
            ps.setString(1, plan.planId());
            ps.setString(2, plan.provider());
            ps.setString(3, plan.name());
            ps.setArray(4, c.createArrayOf("text", plan.availableRegions().toArray()));
            ps.setBoolean(5, plan.isActive());
            ps.setString(6, Json.mapper().writeValueAsString(rateStructure));
            ps.setBigDecimal(7, plan.renewablePercentage());
            ps.setInt(8, plan.contractMonths());
            ps.setBigDecimal(9, plan.earlyTerminationFee() == null ? BigDecimal.ZERO : plan.earlyTerminationFee());
            return outcome(ps);
        }
    }

    /** Deletes a plan; false when there was none. */
    public boolean deletePlan(String planId) throws SQLException {
        return update("DELETE FROM plan_catalog WHERE plan_id = ?", planId) > 0;
    }

    /** Upserts a profile; {@code preferences} is stored as the client sent it (validated), {} when absent. */
    public Outcome upsertProfile(UserProfile profile, JsonNode preferences) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT_PROFILE)) {
            ps.setString(1, profile.userId());
            ps.setString(2, profile.region());
            ps.setString(3, profile.currentPlanId());
            ps.setDate(4, profile.contractEndDate() == null ? null : Date.valueOf(profile.contractEndDate()));
            ps.setString(5, preferences == null || preferences.isNull() ? "{}" : Json.mapper().writeValueAsString(preferences));
            return outcome(ps);
        }
    }

    /** Deletes a profile and all its readings in one transaction; false when neither existed. */
    public boolean deleteUser(String userId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement readings = c.prepareStatement("DELETE FROM usage_history WHERE user_id = ?");
                 PreparedStatement profile = c.prepareStatement("DELETE FROM user_profile WHERE user_id = ?")) {
                readings.setString(1, userId);
                profile.setString(1, userId);
                int deleted = readings.executeUpdate() + profile.executeUpdate();
                c.commit();
                return deleted > 0;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Outcome outcome(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Outcome.UNCHANGED;
            }
            return rs.getBoolean(1) ? Outcome.CREATED : Outcome.UPDATED;
        }
    }

    private int update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }
}
