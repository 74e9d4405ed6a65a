package io.treebeard.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/** The epic's load-test shape: many concurrent keep-alive connections at a fixed total rate, open loop, Zipf users. */
final class ConnectionsPhase implements Phase {

    /** Concurrent keep-alive HTTP/1.1 connections to the read API. */
    public static final int CONNECTIONS = 15_000;
    /** Requests per second over all connections (open loop). */
    public static final int RATE = 5_000;
    /** Zipf exponent of the users read. */
    public static final double ZIPF_S = 1.1;
    /** Warm-up at the rate, not recorded, seconds. */
    public static final int WARMUP_SECONDS = 10;
    /** Measurement, seconds. */
    public static final int MEASURE_SECONDS = 60;
    /** Every connection must be open within this, seconds. */
    public static final int CONNECT_TIMEOUT_SECONDS = 60;
    /** Goal: p99, milliseconds (and no error). */
    public static final double GOAL_P99_MS = 10;

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public void run(SuiteContext ctx) throws Exception {
        URI api = URI.create(ctx.queryUrl());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("host", api.getHost());
        args.put("port", api.getPort());
        args.put("connections", CONNECTIONS);
        args.put("rate", RATE);
        args.put("warmupMs", SuiteContext.scaled(WARMUP_SECONDS).toMillis());
        args.put("measureMs", SuiteContext.scaled(MEASURE_SECONDS).toMillis());
        args.put("connectTimeoutMs", Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS).toMillis());
        args.put("users", ctx.users().size());
        args.put("dist", "zipf");
        args.put("zipfS", ZIPF_S);
        AtomicLong apiFds = new AtomicLong(-1);
        AtomicLong apiRss = new AtomicLong(-1);
        long pid = ctx.queryApi().pid();
        ForkedLoad load = ForkedLoad.start("connections", args, event -> {
            if (event.equals("connected")) {
                apiFds.set(fds(pid));
                apiRss.set(rssKb(pid));
            }
        });
        JsonNode result = load.await(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS + WARMUP_SECONDS + MEASURE_SECONDS + 120));
        Histogram latency = ForkedLoad.histogram(result, "latencyUs");
        long errors = result.get("errors").asLong();
        Suite.say(String.format(Locale.ROOT, "%,d connections: %,d opened in %.1f s (%d failed); %,d requests at %,d/s: errors %d"
                        + " (unanswered %d, connections closed by the server %d); p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.1f ms;"
                        + " fds: load JVM %d, read API %d; read API RSS %,d kB", CONNECTIONS, result.get("opened").asLong(),
                result.get("connectSeconds").asDouble(), result.get("connectFailures").asLong(), result.get("requests").asLong(), RATE,
                errors, result.get("unanswered").asLong(), result.get("closedByPeer").asLong(), HitPathPhase.ms(latency, 50),
                HitPathPhase.ms(latency, 95), HitPathPhase.ms(latency, 99), HitPathPhase.maxMs(latency),
                result.get("peakFds").asLong(), apiFds.get(), apiRss.get()));
        BenchReport report = ctx.report();
        String shape = String.format(Locale.ROOT, "%,d keep-alive connections at %,d req/s, Zipf", CONNECTIONS, RATE);
        report.add("connections.opened", "connections open (of " + String.format(Locale.ROOT, "%,d", CONNECTIONS) + ")",
                result.get("opened").asDouble(), "connections", null);
        report.atMost("connections.errors", shape + ": error answers, failed and unanswered requests", errors, "requests", 0, null);
        report.add("connections.p50", shape + ": p50 (CO-corrected)", HitPathPhase.ms(latency, 50), "ms", null);
        report.add("connections.p95", shape + ": p95", HitPathPhase.ms(latency, 95), "ms", "p95 1,150 ms");
        report.atMost("connections.p99", shape + ": p99", HitPathPhase.ms(latency, 99), "ms", GOAL_P99_MS, null);
        report.add("connections.max", shape + ": max", HitPathPhase.maxMs(latency), "ms", null);
        report.add("connections.api.fds", "read API open file descriptors with every connection open", apiFds.get(), "fds", null);
        report.add("connections.api.rss", "read API resident memory with every connection open", apiRss.get() / 1024.0, "MiB", null);
    }

    private static long fds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public String method() {
        return String.format(Locale.ROOT, "**Many connections** (`connections`, the epic's load-test shape): the load JVM opens"
                + " %,d keep-alive HTTP/1.1 connections to the read API (non-blocking, at most 200 connects in flight, all"
                + " within %d s), all driven by one NIO selector thread, then sends a fixed %,d req/s in total, open loop:"
                + " request k is due at start + k / rate on connection k mod %,d, Zipf (s = %.1f) users, latency from the"
                + " intended send time (a request waiting for its connection's previous answer is charged the wait). %d s of"
                + " warm-up, %d s measured; answers still missing 10 s after the last send count as errors, as do non-2xx"
                + " answers and requests on a connection the server closed. Open file descriptors of both JVMs and the read"
                + " API's RSS are read with every connection open (`ulimit -n` is 20,000 per process). Goals: 0 errors,"
                + " p99 ≤ %.0f ms (the epic claims p95 1,150 ms).", CONNECTIONS, CONNECT_TIMEOUT_SECONDS, RATE, CONNECTIONS,
                ZIPF_S, WARMUP_SECONDS, MEASURE_SECONDS, GOAL_P99_MS);
    }
}
