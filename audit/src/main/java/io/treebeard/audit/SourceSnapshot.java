package io.treebeard.audit;

import io.treebeard.schemas.db.ReadQueries;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.tariff.CatalogDocument;
import io.treebeard.tariff.Recommender;
import io.treebeard.tariff.UsageProfiles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * The source of truth as of one moment: one read-only REPEATABLE READ transaction, so every document of a run is
 * recomputed from the same state of PostgreSQL. Documents are recomputed with the tariff engine exactly as the pipeline
 * computes them; an empty result means the source has no such document (the read API answers 404).
 */
final class SourceSnapshot implements AutoCloseable {

    private static final String ALL_PLANS = "SELECT " + ReadQueries.PLAN_COLUMNS + " FROM plan_catalog";
    private static final String ALL_USERS = "SELECT user_id FROM user_profile UNION SELECT user_id FROM usage_history";
    private static final String ALL_REGIONS = "SELECT region FROM user_profile UNION SELECT unnest(available_regions) FROM plan_catalog";
    private static final String READ_MODEL_USERS = "SELECT user_id FROM recommendations";

    private final Connection connection;
    /** Every plan with a valid rate structure, by plan_id in code-point order (ids are ASCII, so String order is it). */
    private final Map<String, Plan> plans = new TreeMap<>();
    private final Set<String> planIds = new LinkedHashSet<>();

    private SourceSnapshot(Connection connection) throws SQLException {
        this.connection = connection;
        try (PreparedStatement ps = connection.prepareStatement(ALL_PLANS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                planIds.add(rs.getString("plan_id"));
                SourceRows.plan(rs).ifPresent(plan -> plans.put(plan.planId(), plan));
            }
        }
    }

    /** Opens the snapshot; close it to end the transaction. */
    static SourceSnapshot open(DataSource dataSource) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            return new SourceSnapshot(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Every user with a profile or a reading. */
    List<String> userIds() throws SQLException {
        return strings(ALL_USERS);
    }

    /** Every user with a read-model row (found even when the user is gone). */
    List<String> readModelUserIds() throws SQLException {
        return strings(READ_MODEL_USERS);
    }

    /** Every region of a profile or of a plan (active or not). */
    List<String> regions() throws SQLException {
        return strings(ALL_REGIONS);
    }

    /** Every plan_id of the catalog, valid or not. */
    Collection<String> planIds() {
        return planIds;
    }

    /** The plan document, empty when the plan does not exist or is not served (invalid rate structure). */
    Optional<JsonNode> plan(String planId) {
        return Optional.ofNullable(plans.get(planId)).map(DocumentComparison::treeOf);
    }

    /** The regional catalog: the region's active plans in code-point order; never absent (an unknown region is empty). */
    JsonNode catalog(String region) {
        List<Plan> active = plans.values().stream().filter(p -> p.isActive() && p.availableRegions().contains(region)).toList();
        return DocumentComparison.treeOf(CatalogDocument.of(region, 0L, active));
    }

    /** What the source gives for one user: its profile and readings, from which its three documents follow. */
    User user(String userId) throws SQLException {
        Optional<UserProfile> profile;
        try (PreparedStatement ps = connection.prepareStatement(ReadQueries.PROFILE_BY_ID)) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                profile = rs.next() ? Optional.of(SourceRows.profile(rs)) : Optional.empty();
            }
        }
        List<UsageReading> readings = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(ReadQueries.USAGE_WINDOW)) {
            ps.setString(1, userId);
            ps.setString(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    readings.add(new UsageReading(userId, rs.getObject(1, LocalDate.class), rs.getBigDecimal(2), rs.getBigDecimal(3)));
                }
            }
        }
        return new User(userId, profile, readings, plans.values());
    }

    /** The stored read-model document of a user, as PostgreSQL returns it; empty when there is no row. */
    Optional<String> readModel(String userId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(ReadQueries.RECOMMENDATION_BY_USER)) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(2)) : Optional.empty();
            }
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }

    /**
     * One user as the source has it.
     *
     * @param profile  empty when the user has no profile
     * @param readings the readings of the 12-month window
     * @param catalog  every served plan
     */
    record User(String userId, Optional<UserProfile> profile, List<UsageReading> readings, Collection<Plan> catalog) {

        /** The profile document; empty without a profile. */
        Optional<JsonNode> profileDocument() {
            return profile.map(DocumentComparison::treeOf);
        }

        /** The usage analysis; empty only when the user has neither a profile nor readings (contract section 5). */
        Optional<JsonNode> usageAnalysis() {
            if (profile.isEmpty() && readings.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(DocumentComparison.treeOf(UsageProfiles.analysis(userId, 0L, readings)));
        }

        /** The recommendation document; empty without a profile (readings alone do not make a user known). */
        Optional<JsonNode> recommendation() {
            return profile.map(p -> DocumentComparison.treeOf(Recommender.recommend(p, readings, catalog, 0L, Instant.EPOCH)));
        }
    }
}
