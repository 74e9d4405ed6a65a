package io.treebeard.query.metrics;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.treebeard.query.read.CacheStatus;
import io.treebeard.query.read.CacheCircuit;
import io.treebeard.query.read.QueryListener;
import io.treebeard.query.read.ReadListener;
import io.treebeard.query.read.SourceQuery;
import io.treebeard.schemas.cache.KeyType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The query API's metrics, all under {@code treebeard.query.}: request latency per route, cache status and HTTP status;
 * cache hits and misses per key type with their ratio; database fallbacks; the circuit state; the connection pool; and
 * database statements per query.
 */
public final class QueryMetrics implements MeterBinder, ReadListener, QueryListener {

    private final CacheCircuit breaker;
    private final Supplier<HikariPoolMXBean> pool;
    private final Map<KeyType, LongAdder> hits = new EnumMap<>(KeyType.class);
    private final Map<KeyType, LongAdder> misses = new EnumMap<>(KeyType.class);
    private final Map<KeyType, LongAdder> bypasses = new EnumMap<>(KeyType.class);
    private final Map<SourceQuery, LongAdder> queries = new EnumMap<>(SourceQuery.class);
    private final LongAdder queryFailures = new LongAdder();
    private final LongAdder poolTimeouts = new LongAdder();
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<SourceQuery, Timer> queryTimers = new EnumMap<>(SourceQuery.class);
    private volatile MeterRegistry registry;

    /**
     * @param breaker the cache circuit breaker whose state is exported
     * @param pool    the Hikari pool's statistics (null until the pool has started)
     */
    public QueryMetrics(CacheCircuit breaker, Supplier<HikariPoolMXBean> pool) {
        this.breaker = breaker;
        this.pool = pool;
        for (KeyType type : KeyType.values()) {
            hits.put(type, new LongAdder());
            misses.put(type, new LongAdder());
            bypasses.put(type, new LongAdder());
        }
        for (SourceQuery q : SourceQuery.values()) {
            queries.put(q, new LongAdder());
        }
    }

    @Override
    public void bindTo(MeterRegistry r) {
        for (KeyType type : KeyType.values()) {
            String t = type.segment();
            FunctionCounter.builder("treebeard.query.cache.hits", hits.get(type), LongAdder::sum)
                    .description("Reads served from the cache bytes").baseUnit("reads").tag("type", t).register(r);
            FunctionCounter.builder("treebeard.query.cache.misses", misses.get(type), LongAdder::sum)
                    .description("Reads not in the cache, loaded from the database").baseUnit("reads").tag("type", t).register(r);
            Gauge.builder("treebeard.query.cache.hit.ratio", this, m -> m.hitRatio(type))
                    .description("Hits / (hits + misses) since start; bypassed reads are not counted").tag("type", t).register(r);
            FunctionCounter.builder("treebeard.query.fallbacks", misses.get(type), LongAdder::sum)
                    .description("Reads served from the database").baseUnit("reads").tags("type", t, "reason", "miss").register(r);
            FunctionCounter.builder("treebeard.query.fallbacks", bypasses.get(type), LongAdder::sum)
                    .description("Reads served from the database").baseUnit("reads").tags("type", t, "reason", "bypass").register(r);
        }
        Gauge.builder("treebeard.query.circuit.state", breaker, b -> b.state().ordinal())
                .description("Cache circuit: 0 closed, 1 half-open, 2 open").register(r);
        for (SourceQuery q : SourceQuery.values()) {
            FunctionCounter.builder("treebeard.query.db.queries", queries.get(q), LongAdder::sum)
                    .description("Database statements run by the fallback").baseUnit("queries").tag("query", q.tag()).register(r);
            queryTimers.put(q, Timer.builder("treebeard.query.db.query.duration").description("Database statement latency")
                    .tag("query", q.tag()).register(r));
        }
        FunctionCounter.builder("treebeard.query.db.query.failures", queryFailures, LongAdder::sum)
                .description("Database statements that failed").baseUnit("queries").register(r);
        FunctionCounter.builder("treebeard.query.db.pool.timeouts", poolTimeouts, LongAdder::sum)
                .description("Requests that got no pooled connection in time").baseUnit("requests").register(r);
        Gauge.builder("treebeard.query.db.pool.active", this, m -> m.poolStat(HikariPoolMXBean::getActiveConnections))
                .description("Connections in use").baseUnit("connections").register(r);
        Gauge.builder("treebeard.query.db.pool.idle", this, m -> m.poolStat(HikariPoolMXBean::getIdleConnections))
                .description("Idle connections").baseUnit("connections").register(r);
        Gauge.builder("treebeard.query.db.pool.pending", this, m -> m.poolStat(HikariPoolMXBean::getThreadsAwaitingConnection))
                .description("Threads waiting for a connection").baseUnit("threads").register(r);
        Gauge.builder("treebeard.query.db.pool.total", this, m -> m.poolStat(HikariPoolMXBean::getTotalConnections))
                .description("Open connections").baseUnit("connections").register(r);
        this.registry = r;
    }

    private double poolStat(java.util.function.ToIntFunction<HikariPoolMXBean> stat) {
        HikariPoolMXBean bean = pool.get();
        return bean == null ? Double.NaN : stat.applyAsInt(bean);
    }

    private double hitRatio(KeyType type) {
        double h = hits.get(type).sum();
        double total = h + misses.get(type).sum();
        return total == 0 ? Double.NaN : h / total;
    }

    @Override
    public void onRead(KeyType type, CacheStatus status) {
        switch (status) {
            case HIT -> hits.get(type).increment();
            case MISS -> misses.get(type).increment();
            default -> bypasses.get(type).increment();
        }
    }

    @Override
    public void onQuery(SourceQuery query, long nanos, boolean ok) {
        queries.get(query).increment();
        if (!ok) {
            queryFailures.increment();
        }
        Timer timer = queryTimers.get(query);
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void onPoolTimeout() {
        poolTimeouts.increment();
    }

    /** Records one HTTP request; {@code cacheStatus} is {@code none} for answers without one. */
    public void request(String route, String cacheStatus, int status, long nanos) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        String key = route + '|' + cacheStatus + '|' + status;
        Timer timer = requestTimers.get(key);
        if (timer == null) {
            timer = requestTimers.computeIfAbsent(key, k -> Timer.builder("treebeard.query.requests")
                    .description("Query API request latency")
                    .tags("route", route, "cache_status", cacheStatus, "status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .maximumExpectedValue(Duration.ofSeconds(5))
                    .register(r));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Statements run for {@code query} since start. */
    public long queryCount(SourceQuery query) {
        return queries.get(query).sum();
    }

    /** Reads of {@code type} answered with {@code status} since start. */
    public long readCount(KeyType type, CacheStatus status) {
        return (status == CacheStatus.HIT ? hits : status == CacheStatus.MISS ? misses : bypasses).get(type).sum();
    }
}
