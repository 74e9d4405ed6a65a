package io.treebeard.bench;

import io.treebeard.schemas.db.ReadQueries;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/** Reads with Redis down: the read API answers from PostgreSQL (BYPASS). */
final class FallbackPhase implements Phase {

    /** Closed-loop warm-up and capacity measurement, seconds. */
    public static final int WARMUP_SECONDS = 10;
    /** See {@link #WARMUP_SECONDS}. */
    public static final int CAPACITY_SECONDS = 15;
    /** Fixed-rate run at half the capacity: warm-up and measurement, seconds. */
    public static final int FIXED_WARMUP_SECONDS = 3;
    /** See {@link #FIXED_WARMUP_SECONDS}. */
    public static final int FIXED_SECONDS = 20;
    /** Threads of the raw pgjdbc SELECT loop. */
    public static final int RAW_THREADS = 4;
    /** Raw pgjdbc SELECT loop, seconds. */
    public static final int RAW_SECONDS = 10;
    /** Goal: p95 at half capacity, milliseconds. */
    public static final double GOAL_P95_MS = 5;

    @Override
    public String name() {
        return "fallback";
    }

    @Override
    public void run(SuiteContext ctx) throws Exception {
        var redisServer = ctx.servers().embeddedRedis().orElseThrow();
        redisServer.stop();
        try {
            URI api = URI.create(ctx.queryUrl());
            JsonNode capacity = ForkedLoad.run("http", HitPathPhase.http(ctx, api, "capacity", 0, WARMUP_SECONDS, CAPACITY_SECONDS),
                    Duration.ofMinutes(5));
            double capacityRate = HitPathPhase.rate(capacity);
            JsonNode fixed = ForkedLoad.run("http", HitPathPhase.http(ctx, api, "fixed", capacityRate / 2, FIXED_WARMUP_SECONDS,
                    FIXED_SECONDS), Duration.ofMinutes(5));
            Histogram latency = ForkedLoad.histogram(fixed, "latencyUs");
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("jdbc", ctx.servers().jdbcUrl());
            raw.put("user", ctx.servers().user());
            raw.put("password", ctx.servers().password());
            raw.put("threads", RAW_THREADS);
            raw.put("measureMs", SuiteContext.scaled(RAW_SECONDS).toMillis());
            raw.put("users", ctx.users().size());
            raw.put("sql", ReadQueries.RECOMMENDATION_BY_USER);
            JsonNode select = ForkedLoad.run("pg-select", raw, Duration.ofMinutes(5));
            Histogram rawLatency = ForkedLoad.histogram(select, "latencyUs");
            Suite.say(String.format(Locale.ROOT, "API with Redis down: capacity %,.0f req/s; at half capacity p95 %.2f ms, p99 %.2f ms;"
                    + " BYPASS answers %d; raw pgjdbc SELECT p95 %.2f ms", capacityRate, HitPathPhase.ms(latency, 95),
                    HitPathPhase.ms(latency, 99), capacity.get("bypasses").asLong() + fixed.get("bypasses").asLong(),
                    HitPathPhase.ms(rawLatency, 95)));
            BenchReport report = ctx.report();
            report.add("api.db.capacity", "API capacity with Redis down (BYPASS, database)", capacityRate, "req/s", null);
            report.atMost("api.db.p95", "API p95 with Redis down, at half that capacity (CO-corrected)", HitPathPhase.ms(latency, 95),
                    "ms", GOAL_P95_MS, "database p95 78 ms");
            report.add("api.db.p99", "API p99 with Redis down, at half capacity", HitPathPhase.ms(latency, 99), "ms", null);
            report.add("api.db.errors", "error answers with Redis down", capacity.get("errors").asDouble() + fixed.get("errors").asDouble(),
                    "requests", null);
            report.add("pg.select.p95", "raw pgjdbc indexed SELECT p95 (" + RAW_THREADS + " threads, closed loop)",
                    HitPathPhase.ms(rawLatency, 95), "ms", null);
        } finally {
            redisServer.restart();
        }
        ctx.awaitRecommendationKeys(ctx.users().size(), Duration.ofMinutes(5), "rebuild after Redis restart");
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "**Database fallback** (`fallback`): Redis is stopped; from the load JVM the same"
                + " closed-loop (%d s warm-up, %d s) and fixed-rate (half the capacity, %d s after %d s) runs get `BYPASS`"
                + " answers from PostgreSQL; beside them, a raw pgjdbc `RECOMMENDATION_BY_USER` loop on %d threads for %d s,"
                + " also in the load JVM. Redis is restarted (empty) and the rebuild waited for. Goal: p95 ≤ %.0f ms.",
                WARMUP_SECONDS, CAPACITY_SECONDS, FIXED_SECONDS, FIXED_WARMUP_SECONDS, RAW_THREADS, RAW_SECONDS, GOAL_P95_MS);
    }
}
