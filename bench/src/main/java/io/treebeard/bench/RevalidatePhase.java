package io.treebeard.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * HTTP caching as clients use it (issue 19): the HIT capacity with and without gzip, and clients that revalidate what
 * they hold ({@code If-None-Match} with the ETag they were given), counting the share of 304s and the body bytes saved.
 */
final class RevalidatePhase implements Phase {

    /** Keep-alive connections of every run of this phase. */
    public static final int CONNECTIONS = HitPathPhase.CONNECTIONS;
    /** Closed-loop warm-up of each run, seconds. */
    public static final int WARMUP_SECONDS = 10;
    /** Closed-loop measurement of each run, seconds. */
    public static final int SECONDS = 15;
    /** Zipf exponent of the revalidating clients' users (the hit-rate phase's). */
    public static final double ZIPF_S = HitRatePhase.ZIPF_S;

    @Override
    public String name() {
        return "revalidate";
    }

    @Override
    public void run(SuiteContext ctx) throws Exception {
        URI api = URI.create(ctx.queryUrl());
        JsonNode identity = run(ctx, api, false, false);
        JsonNode gzip = run(ctx, api, true, false);
        JsonNode revalidating = run(ctx, api, true, true);
        double identityBytes = perFull(identity);
        double gzipBytes = perFull(gzip);
        double full = revalidating.get("full").asDouble();
        double notModified = revalidating.get("notModified").asDouble();
        double received = revalidating.get("bodyBytes").asDouble();
        double saved = revalidating.get("savedBytes").asDouble();
        Suite.say(String.format(Locale.ROOT, "HIT capacity identity %,.0f req/s (%.0f B/answer), gzip %,.0f req/s (%.0f B/answer);"
                + " revalidating Zipf clients %,.0f req/s, %.1f%% 304, %.1f%% of body bytes saved",
                HitPathPhase.rate(identity), identityBytes, HitPathPhase.rate(gzip), gzipBytes, HitPathPhase.rate(revalidating),
                100 * notModified / Math.max(1, full + notModified), 100 * saved / Math.max(1, saved + received)));
        BenchReport report = ctx.report();
        report.add("http.identity.capacity", "API HIT capacity, identity encoding (" + CONNECTIONS + " connections)",
                HitPathPhase.rate(identity), "req/s", null);
        report.add("http.gzip.capacity", "API HIT capacity, Accept-Encoding: gzip (" + CONNECTIONS + " connections)",
                HitPathPhase.rate(gzip), "req/s", null);
        report.add("http.identity.bytes", "body bytes per recommendation answer, identity", identityBytes, "B", null);
        report.add("http.gzip.bytes", "body bytes per recommendation answer, gzip", gzipBytes, "B", null);
        report.add("http.revalidate.capacity", "API capacity, Zipf clients revalidating with If-None-Match (gzip)",
                HitPathPhase.rate(revalidating), "req/s", null);
        report.add("http.revalidate.share304", "share of 304 answers, Zipf clients revalidating (no changes during the run)",
                100 * notModified / Math.max(1, full + notModified), "%", null);
        report.add("http.revalidate.saved", "body bytes saved by 304s, Zipf clients revalidating, against full gzip answers",
                100 * saved / Math.max(1, saved + received), "%", "85% bandwidth saved (CDN)");
    }

    private static JsonNode run(SuiteContext ctx, URI api, boolean gzip, boolean revalidate) throws Exception {
        Map<String, Object> args = HitPathPhase.http(ctx, api, "capacity", 0, WARMUP_SECONDS, SECONDS);
        args.put("gzip", String.valueOf(gzip));
        args.put("revalidate", String.valueOf(revalidate));
        if (revalidate) {
            args.put("dist", "zipf");
            args.put("zipfS", ZIPF_S);
        }
        return ForkedLoad.run("http", args, Duration.ofMinutes(5));
    }

    private static double perFull(JsonNode result) {
        double full = result.get("full").asDouble();
        return full == 0 ? Double.NaN : result.get("bodyBytes").asDouble() / full;
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "**HTTP caching** (`revalidate`): from the load JVM, %d keep-alive connections, closed"
                + " loop for %d s after %d s of warm-up, three runs: uniform reads with identity encoding, the same with"
                + " `Accept-Encoding: gzip` (capacity and body bytes per answer, compression on and off), then Zipf (s = %.1f)"
                + " clients that remember each user's ETag per connection and revalidate with `If-None-Match` (gzip): the"
                + " share of 304 answers and the body bytes the 304s saved against the full answers they replace. No source"
                + " changes run meanwhile, so the share of 304s is the share of repeated reads.", CONNECTIONS, SECONDS,
                WARMUP_SECONDS, ZIPF_S);
    }
}
