package io.treebeard.query.read;

import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.validation.RateStructureValidator;
import io.treebeard.schemas.validation.ValidationResult;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL side of the read path: the indexed statements of {@code ReadQueries}, run on a bounded pool of
 * dedicated threads (never on the HTTP event loop). A full queue, an unreachable database or a pool timeout complete the
 * future with {@link SourceUnavailableException}.
 */
public final class SourceReader implements AutoCloseable {

    /** Rows a regional catalog may hold; far above any real region. */
    static final int MAX_CATALOG_PLANS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(SourceReader.class);

    private final DataSource dataSource;
    private final ThreadPoolExecutor executor;
    private final long slowNanos;
    private final QueryListener listener;

    /**
     * @param threads       concurrent statements (the connection pool size)
     * @param queueCapacity loads waiting for a thread; beyond that a load fails at once
     * @param slowThreshold statements slower than this are logged
     */
    public SourceReader(DataSource dataSource, int threads, int queueCapacity, Duration slowThreshold, QueryListener listener) {
        this.dataSource = dataSource;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "query-db-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.slowNanos = slowThreshold.toNanos();
        this.listener = listener;
    }

    /** Runs blocking database work on the database threads. */
    public <T> CompletableFuture<T> async(Callable<T> work) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return work.call();
                } catch (SourceUnavailableException | NotFoundException e) {
                    throw e;
                } catch (SQLException e) {
                    throw new SourceUnavailableException("database read failed: " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new SourceUnavailableException("database read failed", e);
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new SourceUnavailableException("database fallback queue is full", e));
        }
    }

    /** Loads waiting for a database thread. */
    public int queued() {
        return executor.getQueue().size();
    }

    /** The stored recommendation row of a user: its version and payload. */
    public Optional<StoredDocument> recommendation(String userId) throws SQLException {
        return query(SourceQuery.RECOMMENDATION_BY_USER, rs -> rs.next()
                ? Optional.of(new StoredDocument(rs.getLong(1), rs.getString(2))) : Optional.empty(), userId);
    }

    /** One profile. */
    public Optional<UserProfile> profile(String userId) throws SQLException {
        return query(SourceQuery.PROFILE_BY_ID, rs -> rs.next() ? Optional.of(profileOf(rs)) : Optional.empty(), userId);
    }

    /** One plan. */
    public Optional<Plan> plan(String planId) throws SQLException {
        return query(SourceQuery.PLAN_BY_ID, rs -> rs.next() ? Optional.ofNullable(planOf(rs)) : Optional.empty(), planId);
    }

    /** A user's readings of the 12-month window ending with the month of the latest one. */
    public List<UsageReading> usageWindow(String userId) throws SQLException {
        return query(SourceQuery.USAGE_WINDOW, rs -> {
            List<UsageReading> readings = new ArrayList<>();
            while (rs.next()) {
                readings.add(new UsageReading(userId, rs.getObject(1, java.time.LocalDate.class), rs.getBigDecimal(2),
                        rs.getBigDecimal(3)));
            }
            return readings;
        }, userId, userId);
    }

    /** Every active plan of a region, in plan_id code-point order. */
    public List<Plan> activePlans(String region) throws SQLException {
        return query(SourceQuery.ACTIVE_PLANS_OF_REGION, rs -> {
            List<Plan> plans = new ArrayList<>();
            while (rs.next()) {
                Plan plan = planOf(rs);
                if (plan != null) {
                    plans.add(plan);
                }
            }
            return plans;
        }, region, BigDecimal.ZERO, Integer.MAX_VALUE, "", MAX_CATALOG_PLANS);
    }

    /** Runs {@code sql} as is (admin analysis), reading every row with {@code mapper}. */
    public <T> T adminQuery(String sql, RowsMapper<T> mapper) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(5);
            try (ResultSet rs = ps.executeQuery()) {
                return mapper.map(rs);
            }
        }
    }

    private <T> T query(SourceQuery query, RowsMapper<T> mapper, Object... params) throws SQLException {
        long started = System.nanoTime();
        boolean ok = false;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query.sql())) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            T result;
            try (ResultSet rs = ps.executeQuery()) {
                result = mapper.map(rs);
            }
            ok = true;
            return result;
        } catch (SQLTransientConnectionException e) {
            listener.onPoolTimeout();
            throw new SourceUnavailableException("no database connection within the pool timeout", e);
        } finally {
            long nanos = System.nanoTime() - started;
            listener.onQuery(query, nanos, ok);
            if (nanos >= slowNanos) {
                LOG.warn("Slow query {} took {} ms with {} parameters: {}", query.tag(), nanos / 1_000_000, params.length, query.sql());
            }
        }
    }

    static UserProfile profileOf(ResultSet rs) throws SQLException {
        Date end = rs.getDate("contract_end_date");
        String prefs = rs.getString("preferences");
        return new UserProfile(rs.getString("user_id"), rs.getString("region"), rs.getString("current_plan_id"),
                end == null ? null : end.toLocalDate(),
                prefs == null ? Preferences.NONE : Json.mapper().readValue(prefs, Preferences.class),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /**
     * The plan of the current row, or null when its rate structure breaks contract section 2 (possible through direct
     * SQL; the change capture dead-letters such a row, so the API does not serve it either).
     */
    static Plan planOf(ResultSet rs) throws SQLException {
        String planId = rs.getString("plan_id");
        ValidationResult<RateStructure> rates = RateStructureValidator.parse(Json.mapper().readTree(rs.getString("rate_structure")),
                "rate_structure");
        if (!rates.isValid()) {
            LOG.warn("Plan {} has an invalid rate_structure and is not served: {}", planId, rates.errors());
            return null;
        }
        String[] regions = (String[]) rs.getArray("available_regions").getArray();
        return new Plan(planId, rs.getString("provider"), rs.getString("name"), Arrays.asList(regions),
                rs.getBoolean("is_active"), rates.value(),
                rs.getBigDecimal("renewable_percentage"), rs.getInt("contract_months"), rs.getBigDecimal("early_termination_fee"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Reads a result set. */
    @FunctionalInterface
    public interface RowsMapper<T> {
        /** Maps the rows. */
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * A stored read-model row.
     *
     * @param version the document version
     * @param payload the document JSON as PostgreSQL returns it
     */
    public record StoredDocument(long version, String payload) {
    }
}
