package io.treebeard.bench;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Cache hit rate of Zipf reads, steady and while the projector rebuilds after a FLUSHALL. */
final class HitRatePhase implements Phase {

    /** Zipf exponent of the users read. */
    public static final double ZIPF_S = 1.1;
    /** Reads per second (open loop). */
    public static final int RATE = 2_000;
    /** Connections of the load. */
    public static final int CONNECTIONS = 16;
    /** Steady-state measurement, seconds. */
    public static final int STEADY_SECONDS = 30;
    /** Measurement right after the FLUSHALL, seconds. */
    public static final int REBUILD_SECONDS = 20;
    /** Goal of the steady hit rate, percent. */
    public static final double GOAL_PERCENT = 99.5;

    @Override
    public String name() {
        return "hitrate";
    }

    @Override
    public void run(SuiteContext ctx) throws Exception {
        JsonNode steady = ForkedLoad.run("http", args(ctx, STEADY_SECONDS, ""), Duration.ofMinutes(5));
        double steadyRate = hitRate(steady);
        ctx.report().atLeast("hitrate.steady", "cache hit rate, Zipf s=" + ZIPF_S + " over " + ctx.users().size()
                + " users, event-warmed", 100 * steadyRate, "%", GOAL_PERCENT, "88%");
        // Cache loss: the load JVM sends FLUSHALL itself right before its measured run, while the projector rebuilds.
        URI redis = URI.create(ctx.servers().redis());
        long rebuildStart = System.nanoTime();
        JsonNode during = ForkedLoad.run("http", args(ctx, REBUILD_SECONDS, redis.getHost() + ":" + redis.getPort()),
                Duration.ofMinutes(5));
        ctx.awaitRecommendationKeys(ctx.users().size(), Duration.ofMinutes(5), "rebuild after FLUSHALL");
        Suite.say(String.format(Locale.ROOT, "Hit rate: steady %.3f%%, first %d s after FLUSHALL %.2f%% (rebuild took %.1f s)",
                100 * steadyRate, REBUILD_SECONDS, 100 * hitRate(during), (System.nanoTime() - rebuildStart) / 1e9));
        ctx.report().add("hitrate.rebuild", "cache hit rate in the " + REBUILD_SECONDS + " s after a FLUSHALL (rebuild running)",
                100 * hitRate(during), "%", null);
    }

    private static Map<String, Object> args(SuiteContext ctx, int seconds, String flush) {
        URI api = URI.create(ctx.queryUrl());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("host", api.getHost());
        args.put("port", api.getPort());
        args.put("connections", CONNECTIONS);
        args.put("mode", "fixed");
        args.put("rate", RATE);
        args.put("warmupMs", 0);
        args.put("measureMs", SuiteContext.scaled(seconds).toMillis());
        args.put("users", ctx.users().size());
        args.put("dist", "zipf");
        args.put("zipfS", ZIPF_S);
        args.put("flushRedis", flush);
        return args;
    }

    private static double hitRate(JsonNode result) {
        double hits = result.get("hits").asDouble();
        double all = hits + result.get("misses").asDouble() + result.get("bypasses").asDouble();
        return all == 0 ? Double.NaN : hits / all;
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "**Hit rate** (`hitrate`): Zipf (s = %.1f) reads over the users at a fixed %,d req/s"
                + " on %d connections for %d s through the read API, from the load JVM, counted from `X-Cache-Status`; the"
                + " cache was warmed by events only (no read had happened). Then the load JVM sends `FLUSHALL` and %d s more of"
                + " the same reads run while the projector rebuilds. Goal: ≥ %.1f%% steady.",
                ZIPF_S, RATE, CONNECTIONS, STEADY_SECONDS, REBUILD_SECONDS, GOAL_PERCENT);
    }
}
