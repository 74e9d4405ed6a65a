package io.treebeard.bench.load;

import io.treebeard.demo.SampleData;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * The load JVM: every load generator and latency probe of the suite runs here, in a JVM of its own, never in the JVM of
 * the broker and the services (whose collections would otherwise show up as the system's latency). Started by
 * {@code ForkedLoad} as {@code LoadMain <kind> key=value...}; writes its result as one JSON object to {@code out=<file>}
 * and announces moments the suite must see ({@code load-start}, {@code load-end}, {@code connected}) as
 * {@code event <name>} lines on stdout.
 */
public final class LoadMain {

    private static final PrintStream OUT = System.out;

    private LoadMain() {
    }

    /** Runs one load and writes its result. */
    public static void main(String[] argv) throws Exception {
        String kind = argv[0];
        Args args = new Args(Arrays.copyOfRange(argv, 1, argv.length));
        JsonOut result = new JsonOut().put("kind", kind);
        switch (kind) {
            case "http" -> http(args, result);
            case "resp" -> resp(args, result);
            case "pg-select" -> pgSelect(args, result);
            case "source-changes" -> sourceChanges(args, result);
            case "connections" -> connections(args, result);
            case "ingest" -> ingest(args, result);
            default -> throw new IllegalArgumentException("unknown load kind " + kind);
        }
        Files.writeString(Path.of(args.string("out")), result.toString(), StandardCharsets.UTF_8);
        OUT.flush();
        System.exit(0);
    }

    /** Tells the suite that {@code name} happened (it reads stdout line by line). */
    static void event(String name) {
        synchronized (OUT) {
            OUT.println("event " + name);
            OUT.flush();
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static LongFunction<String> paths(Args args) {
        int users = args.integer("users");
        String prefix = args.string("pathPrefix", "/api/v1/recommendations/");
        if (args.string("dist", "uniform").equals("zipf")) {
            Zipf zipf = new Zipf(users, args.number("zipfS"));
            SplittableRandom random = new SplittableRandom(11);
            return n -> {
                int rank;
                synchronized (random) {
                    rank = zipf.next(random);
                }
                return prefix + SampleData.userId(rank + 1);
            };
        }
        return n -> prefix + SampleData.userId((int) (mix(n) % users) + 1);
    }

    private static void http(Args args, JsonOut result) throws Exception {
        CacheStatusCounter statuses = new CacheStatusCounter();
        String flush = args.string("flushRedis", "");
        if (!flush.isEmpty()) {
            // The cache loss happens at the very start of the measured run, from this JVM, so no JVM start delays it.
            String[] hostPort = flush.split(":");
            try (Wire wire = RespWire.to(hostPort[0], Integer.parseInt(hostPort[1]), n -> new String[] {"FLUSHALL"}).open()) {
                wire.exchange(0);
            }
        }
        HttpWire.Options options = new HttpWire.Options(Boolean.parseBoolean(args.string("gzip", "false")),
                Boolean.parseBoolean(args.string("revalidate", "false")));
        Transfers transfers = new Transfers();
        LoadGenerator generator = new LoadGenerator(HttpWire.to(args.string("host"), args.integer("port"), paths(args), statuses,
                options, transfers), args.integer("connections"));
        Duration warmup = Duration.ofMillis(args.millis("warmupMs"));
        Duration measure = Duration.ofMillis(args.millis("measureMs"));
        LoadResult load = args.string("mode").equals("capacity") ? generator.capacity(warmup, measure)
                : generator.fixedRate(args.number("rate"), warmup, measure);
        long[] counts = statuses.snapshot();
        long[] moved = transfers.snapshot();
        loadResult(result, load).put("hits", counts[0]).put("misses", counts[1]).put("bypasses", counts[2])
                .put("full", moved[0]).put("notModified", moved[1]).put("bodyBytes", moved[2]).put("savedBytes", moved[3]);
    }

    private static void resp(Args args, JsonOut result) throws Exception {
        String template = args.string("keyTemplate");
        String field = args.string("field");
        int users = args.integer("users");
        LoadResult load = new LoadGenerator(RespWire.to(args.string("host"), args.integer("port"),
                n -> new String[] {"HGET", template.replace("%s", SampleData.userId((int) (mix(n) % users) + 1)), field}),
                args.integer("connections"))
                .capacity(Duration.ofMillis(args.millis("warmupMs")), Duration.ofMillis(args.millis("measureMs")));
        loadResult(result, load);
    }

    private static JsonOut loadResult(JsonOut result, LoadResult load) {
        return result.put("requests", load.requests()).put("errors", load.errors()).put("seconds", load.seconds())
                .put("latencyUs", load.latencyUs());
    }

    /** A raw pgjdbc indexed SELECT loop on a few threads: what the database alone answers, beside the API's fallback. */
    private static void pgSelect(Args args, JsonOut result) throws Exception {
        Histogram histogram = new Histogram(60_000_000L, 3);
        int users = args.integer("users");
        long measure = Duration.ofMillis(args.millis("measureMs")).toNanos();
        long end = System.nanoTime() + measure;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < args.integer("threads"); t++) {
            int seed = t;
            Thread worker = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try (Connection c = DriverManager.getConnection(args.string("jdbc"), args.string("user"), args.string("password", ""));
                        PreparedStatement select = c.prepareStatement(args.string("sql"))) {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        select.setString(1, SampleData.userId(random.nextInt(users) + 1));
                        try (ResultSet rs = select.executeQuery()) {
                            while (rs.next()) {
                                rs.getString(2);
                            }
                        }
                        long micros = (System.nanoTime() - start) / 1000;
                        synchronized (histogram) {
                            histogram.recordValue(Math.max(1, micros));
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "pg-select-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        result.put("requests", histogram.getTotalCount()).put("seconds", measure / 1e9).put("latencyUs", histogram);
    }

    private static void sourceChanges(Args args, JsonOut result) throws Exception {
        int background = args.integer("backgroundUsers");
        List<String> backgroundUsers = new ArrayList<>(background);
        for (int u = 1; u <= background; u++) {
            backgroundUsers.add(SampleData.userId(u));
        }
        List<String> samples = Arrays.stream(args.string("sampleUsers").split(",")).map(n -> SampleData.userId(Integer.parseInt(n)))
                .toList();
        List<String> plans = Arrays.asList(args.string("plans").split(","));
        SourceChangeLoad load = new SourceChangeLoad(args.string("jdbc"), args.string("user"), args.string("password", ""),
                args.string("api"), backgroundUsers, samples, plans, LocalDate.parse(args.string("lastDay")),
                Duration.ofMillis(args.millis("planEveryMs")), args.millis("seed"));
        long[] cpu = new long[2];
        SourceChangeLoad.Result run = load.run(args.number("rate"), Duration.ofMillis(args.millis("durationMs")),
                args.number("samplesPerSecond"), Duration.ofMillis(args.millis("giveUpMs")), () -> {
                    cpu[0] = cpuNanos();
                    event("load-start");
                }, () -> {
                    cpu[1] = cpuNanos();
                    event("load-end");
                });
        result.put("committed", run.committed()).put("sent", run.sent()).put("served", run.served()).put("lost", run.lost())
                .put("freshnessMs", run.freshness()).put("cpuNanos", cpu[1] - cpu[0]);
    }

    private static void connections(Args args, JsonOut result) throws Exception {
        NioHttpLoad load = new NioHttpLoad(args.string("host"), args.integer("port"), args.integer("connections"), paths(args));
        NioHttpLoad.Result run = load.run(args.number("rate"), Duration.ofMillis(args.millis("warmupMs")),
                Duration.ofMillis(args.millis("measureMs")), Duration.ofMillis(args.millis("connectTimeoutMs")), () -> event("connected"));
        result.put("opened", run.opened()).put("connectFailures", run.connectFailures()).put("requests", run.requests())
                .put("errors", run.errors()).put("unanswered", run.unanswered()).put("closedByPeer", run.closedByPeer())
                .put("seconds", run.seconds()).put("latencyUs", run.latencyUs()).put("peakFds", run.peakFds())
                .put("connectSeconds", run.connectSeconds());
    }

    /** CSV batches of distinct (user, day) rows posted to the write API one after another. */
    private static void ingest(Args args, JsonOut result) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        int users = args.integer("users");
        int size = Math.min(args.integer("batchRows"), users);
        LocalDate day = LocalDate.parse(args.string("firstDay"));
        long rows = 0;
        long errors = 0;
        long started = System.nanoTime();
        long end = started + Duration.ofMillis(args.millis("durationMs")).toNanos();
        for (int batch = 0; System.nanoTime() < end; batch++) {
            StringBuilder csv = new StringBuilder("user_id,usage_date,kwh,peak_kwh\n");
            LocalDate date = day.plusDays(batch / (users / size));
            int offset = (batch * size) % users;
            for (int i = 0; i < size; i++) {
                csv.append(SampleData.userId((offset + i) % users + 1)).append(',').append(date).append(",12.500,5.000\n");
            }
            java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(args.string("url")))
                    .header("Content-Type", "text/csv").header("Authorization", "Bearer " + args.string("key"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv.toString())).timeout(Duration.ofMinutes(2)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                rows += size;
            } else {
                errors++;
                System.out.println("ingest batch answered " + response.statusCode() + ": " + response.body());
            }
        }
        result.put("rows", rows).put("errors", errors).put("seconds", (System.nanoTime() - started) / 1e9);
    }

    /** A cheap hash spreading request numbers over users. */
    static long mix(long n) {
        long z = n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return (z ^ (z >>> 29)) & Long.MAX_VALUE;
    }
}
