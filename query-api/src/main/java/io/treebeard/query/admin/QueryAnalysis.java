package io.treebeard.query.admin;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.treebeard.query.read.CacheCircuit;
import io.treebeard.query.read.RedisCache;
import io.treebeard.query.read.SourceReader;
import io.treebeard.query.web.BadRequestException;
import io.treebeard.schemas.json.Json;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The reference's {@code analyze_queries.py} modes as {@code GET /admin/query-analysis?mode=}: {@code slow} (from
 * {@code pg_stat_statements} when the extension exists in the database), {@code pool} (HikariCP), {@code indexes} (used
 * and unused indexes, sequential scans on large tables) and {@code health} (Redis and PostgreSQL round trips, circuit
 * state). Every mode answers a JSON object; an unavailable source is reported in it, not as an error.
 */
public final class QueryAnalysis {

    /** Tables with at least this many live rows are "large" for the sequential-scan report. */
    static final long LARGE_TABLE_ROWS = 10_000;

    private static final String SLOW = "SELECT query, calls, round(mean_exec_time::numeric, 3) AS mean_ms,"
            + " round(total_exec_time::numeric, 3) AS total_ms, rows FROM pg_stat_statements"
            + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " ORDER BY mean_exec_time DESC LIMIT 20";
    private static final String INDEXES = "SELECT relname AS table, indexrelname AS index, idx_scan AS scans,"
            + " pg_relation_size(indexrelid) AS bytes FROM pg_stat_user_indexes ORDER BY idx_scan DESC, indexrelname";
    private static final String SEQ_SCANS = "SELECT relname AS table, seq_scan, seq_tup_read, idx_scan, n_live_tup AS live_rows"
            + " FROM pg_stat_user_tables WHERE n_live_tup >= " + LARGE_TABLE_ROWS + " AND seq_scan > 0 ORDER BY seq_tup_read DESC";

    private final SourceReader db;
    private final HikariDataSource pool;
    private final RedisCache cache;
    private final CacheCircuit breaker;

    /** Analysis over the service's own database pool, cache and breaker. */
    public QueryAnalysis(SourceReader db, HikariDataSource pool, RedisCache cache, CacheCircuit breaker) {
        this.db = db;
        this.pool = pool;
        this.cache = cache;
        this.breaker = breaker;
    }

    /**
     * The JSON report of {@code mode}.
     *
     * @throws BadRequestException (in the future) naming {@code mode} when it is not one of the four
     */
    public CompletableFuture<byte[]> run(String mode) {
        switch (mode) {
            case "slow":
                return db.async(this::slow).thenApply(QueryAnalysis::json);
            case "pool":
                return CompletableFuture.completedFuture(json(pool()));
            case "indexes":
                return db.async(this::indexes).thenApply(QueryAnalysis::json);
            case "health":
                return health().thenApply(QueryAnalysis::json);
            default:
                return CompletableFuture.failedFuture(new BadRequestException("mode", "must be one of slow, pool, indexes, health"));
        }
    }

    private Map<String, Object> slow() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", "slow");
        try {
            boolean installed = db.adminQuery("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'",
                    rs -> rs.next() && rs.getLong(1) > 0);
            if (!installed) {
                out.put("available", false);
                out.put("reason", "pg_stat_statements is not installed in this database"
                        + " (shared_preload_libraries plus CREATE EXTENSION pg_stat_statements, as a superuser)");
                return out;
            }
            out.put("available", true);
            out.put("statements", db.adminQuery(SLOW, QueryAnalysis::rows));
        } catch (SQLException e) {
            out.put("available", false);
            out.put("reason", e.getMessage());
        }
        return out;
    }

    private Map<String, Object> pool() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", "pool");
        out.put("maximum_pool_size", pool.getMaximumPoolSize());
        out.put("connection_timeout_ms", pool.getConnectionTimeout());
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean != null) {
            out.put("active", bean.getActiveConnections());
            out.put("idle", bean.getIdleConnections());
            out.put("total", bean.getTotalConnections());
            out.put("pending", bean.getThreadsAwaitingConnection());
        }
        out.put("queued_loads", db.queued());
        return out;
    }

    private Map<String, Object> indexes() throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", "indexes");
        List<Map<String, Object>> all = db.adminQuery(INDEXES, QueryAnalysis::rows);
        out.put("used", all.stream().filter(r -> ((Number) r.get("scans")).longValue() > 0).toList());
        out.put("unused", all.stream().filter(r -> ((Number) r.get("scans")).longValue() == 0).toList());
        out.put("large_table_rows", LARGE_TABLE_ROWS);
        out.put("seq_scans_on_large_tables", db.adminQuery(SEQ_SCANS, QueryAnalysis::rows));
        return out;
    }

    private CompletableFuture<Map<String, Object>> health() {
        long redisStarted = System.nanoTime();
        CompletableFuture<Map<String, Object>> redis = cache.ping().handle((pong, e) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("location", cache.location());
            r.put("up", e == null);
            r.put("latency_ms", (System.nanoTime() - redisStarted) / 1e6);
            if (e != null) {
                r.put("error", String.valueOf(e.getMessage()));
            }
            return r;
        });
        long dbStarted = System.nanoTime();
        CompletableFuture<Map<String, Object>> postgres = db.async(() -> db.adminQuery("SELECT 1", ResultSet::next)).handle((ok, e) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("up", e == null);
            r.put("latency_ms", (System.nanoTime() - dbStarted) / 1e6);
            if (e != null) {
                r.put("error", String.valueOf(e.getMessage()));
            }
            return r;
        });
        return redis.thenCombine(postgres, (r, p) -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("mode", "health");
            out.put("redis", r);
            out.put("postgres", p);
            out.put("circuit", breaker.state().name());
            return out;
        });
    }

    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object value = rs.getObject(i);
                boolean plain = value == null || value instanceof Number || value instanceof Boolean;
                row.put(meta.getColumnLabel(i), plain ? value : value.toString());
            }
            rows.add(row);
        }
        return rows;
    }

    private static byte[] json(Object value) {
        return Json.mapper().writeValueAsBytes(value);
    }
}
