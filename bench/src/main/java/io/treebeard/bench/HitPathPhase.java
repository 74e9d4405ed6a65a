package io.treebeard.bench;

import io.treebeard.schemas.cache.CacheKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/** The read API's HIT path: capacity against raw Redis, and latency at half that capacity. */
final class HitPathPhase implements Phase {

    /** Keep-alive connections of every run of this phase (and of {@code redis-benchmark -c}). */
    public static final int CONNECTIONS = 64;
    /** Closed-loop warm-up before the capacity is measured (the read API's JIT needs it), seconds. */
    public static final int WARMUP_SECONDS = 20;
    /** Closed-loop capacity measurement, seconds. */
    public static final int CAPACITY_SECONDS = 15;
    /** Raw Redis HGET from the same harness: warm-up and measurement, seconds. */
    public static final int RAW_WARMUP_SECONDS = 3;
    /** See {@link #RAW_WARMUP_SECONDS}. */
    public static final int RAW_SECONDS = 10;
    /** GET requests of {@code redis-benchmark -t get}. */
    public static final int REDIS_BENCHMARK_REQUESTS = 500_000;
    /** Share of the capacity the fixed-rate run sends. */
    public static final double FIXED_RATE_SHARE = 0.5;
    /** Fixed-rate warm-up and measurement, seconds. */
    public static final int FIXED_WARMUP_SECONDS = 5;
    /** See {@link #FIXED_WARMUP_SECONDS}. */
    public static final int FIXED_SECONDS = 30;
    /** Goal: API HIT capacity as a share of redis-benchmark GET, percent. */
    public static final double GOAL_RATIO_PERCENT = 25;
    /** Goal: p99 at half capacity, milliseconds. */
    public static final double GOAL_P99_MS = 10;

    @Override
    public String name() {
        return "api";
    }

    @Override
    public void run(SuiteContext ctx) throws Exception {
        URI api = URI.create(ctx.queryUrl());
        JsonNode capacity = ForkedLoad.run("http", http(ctx, api, "capacity", 0, WARMUP_SECONDS, CAPACITY_SECONDS), Duration.ofMinutes(5));
        double capacityRate = rate(capacity);
        Suite.say(String.format(Locale.ROOT, "API HIT capacity: %,.0f req/s, errors %d", capacityRate, capacity.get("errors").asLong()));
        URI redisUri = URI.create(ctx.servers().redis());
        Map<String, Object> resp = new LinkedHashMap<>();
        resp.put("host", redisUri.getHost());
        resp.put("port", redisUri.getPort());
        resp.put("connections", CONNECTIONS);
        resp.put("warmupMs", SuiteContext.scaled(RAW_WARMUP_SECONDS).toMillis());
        resp.put("measureMs", SuiteContext.scaled(RAW_SECONDS).toMillis());
        resp.put("users", ctx.users().size());
        resp.put("keyTemplate", CacheKeys.recommendation("%s"));
        resp.put("field", CacheKeys.FIELD_DATA);
        JsonNode raw = ForkedLoad.run("resp", resp, Duration.ofMinutes(5));
        Suite.say(String.format(Locale.ROOT, "Raw Redis HGET (same harness, load JVM): %,.0f req/s", rate(raw)));
        double redisBenchmark = redisBenchmarkGet(redisUri);
        double baseline = Double.isNaN(redisBenchmark) ? rate(raw) : redisBenchmark;
        JsonNode fixed = ForkedLoad.run("http", http(ctx, api, "fixed", capacityRate * FIXED_RATE_SHARE, FIXED_WARMUP_SECONDS,
                FIXED_SECONDS), Duration.ofMinutes(5));
        Histogram latency = ForkedLoad.histogram(fixed, "latencyUs");
        Suite.say(String.format(Locale.ROOT, "API HIT at half capacity: %,.0f req/s, errors %d, p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                rate(fixed), fixed.get("errors").asLong(), ms(latency, 50), ms(latency, 99), maxMs(latency)));
        BenchReport report = ctx.report();
        report.add("api.hit.capacity", "API HIT capacity (" + CONNECTIONS + " connections, load JVM)", capacityRate, "req/s",
                "5,000 req/s");
        report.add("redis.get.capacity", Double.isNaN(redisBenchmark) ? "raw Redis HGET, same Java harness, 64 connections"
                : "redis-benchmark GET, " + CONNECTIONS + " connections", baseline, "req/s", null);
        report.add("redis.hget.harness", "raw Redis HGET from the load JVM's harness, " + CONNECTIONS + " connections", rate(raw),
                "req/s", null);
        report.atLeast("api.hit.ratio", "API HIT capacity / redis-benchmark GET (same run)", 100 * capacityRate / baseline, "%",
                GOAL_RATIO_PERCENT, null);
        report.add("api.hit.p50", "API HIT p50 at half capacity (CO-corrected)", ms(latency, 50), "ms", null);
        report.atMost("api.hit.p99", "API HIT p99 at half capacity (CO-corrected)", ms(latency, 99), "ms", GOAL_P99_MS, "p95 1,150 ms");
        report.add("api.hit.p999", "API HIT p99.9 at half capacity", ms(latency, 99.9), "ms", null);
        report.add("api.hit.max", "API HIT max at half capacity", maxMs(latency), "ms", null);
    }

    static Map<String, Object> http(SuiteContext ctx, URI api, String mode, double rate, int warmupSeconds, int seconds) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("host", api.getHost());
        args.put("port", api.getPort());
        args.put("connections", CONNECTIONS);
        args.put("mode", mode);
        args.put("rate", rate);
        args.put("warmupMs", SuiteContext.scaled(warmupSeconds).toMillis());
        args.put("measureMs", SuiteContext.scaled(seconds).toMillis());
        args.put("users", ctx.users().size());
        return args;
    }

    static double rate(JsonNode result) {
        return result.get("requests").asDouble() / result.get("seconds").asDouble();
    }

    /** A percentile in milliseconds; NaN (reported "not measured") when nothing was answered. */
    static double ms(Histogram latencyUs, double percentile) {
        return latencyUs.getTotalCount() == 0 ? Double.NaN : latencyUs.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The largest latency in milliseconds; NaN when nothing was answered. */
    static double maxMs(Histogram latencyUs) {
        return latencyUs.getTotalCount() == 0 ? Double.NaN : latencyUs.getMaxValue() / 1000.0;
    }

    private static double redisBenchmarkGet(URI redisUri) {
        try {
            Process process = new ProcessBuilder("redis-benchmark", "-h", redisUri.getHost(), "-p", String.valueOf(redisUri.getPort()),
                    "-c", String.valueOf(CONNECTIONS), "-n", String.valueOf((int) (REDIS_BENCHMARK_REQUESTS * Math.max(Suite.SCALE, 0.2))),
                    "-t", "get", "-q").redirectErrorStream(true).start();
            String output;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                output = String.join("\n", out.lines().toList());
            }
            process.waitFor(2, TimeUnit.MINUTES);
            Matcher m = Pattern.compile("GET: ([0-9.]+) requests per second").matcher(output);
            if (m.find()) {
                Suite.say("redis-benchmark GET: " + m.group(1) + " req/s");
                return Double.parseDouble(m.group(1));
            }
            return Double.NaN;
        } catch (IOException e) {
            Suite.say("redis-benchmark is not installed; the Redis baseline is the same Java harness sending HGET");
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "**API reads, HIT path** (`api`): from the load JVM, %d keep-alive connections, closed"
                + " loop (capacity) for %d s after %d s of warm-up (the JIT needs it), uniform over the users; the same harness"
                + " then sends `HGET` straight to Redis (%d s after %d s), and `redis-benchmark -t get -c %d -n %,d` runs"
                + " against the same Redis, for the ratio; then a fixed-rate run at %.0f%% of the measured capacity for %d s"
                + " (after %d s), each latency taken from the request's intended start (wrk2-style, coordinated omission"
                + " corrected), reported as p50/p99/p99.9/max from HdrHistogram. Goals: capacity ≥ %.0f%% of redis-benchmark"
                + " GET, p99 ≤ %.0f ms.", CONNECTIONS, CAPACITY_SECONDS, WARMUP_SECONDS, RAW_SECONDS, RAW_WARMUP_SECONDS,
                CONNECTIONS, REDIS_BENCHMARK_REQUESTS, 100 * FIXED_RATE_SHARE, FIXED_SECONDS, FIXED_WARMUP_SECONDS,
                GOAL_RATIO_PERCENT, GOAL_P99_MS);
    }
}
