package io.treebeard.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.treebeard.bench.load.CacheStatusCounter;
import io.treebeard.bench.load.HttpWire;
import io.treebeard.bench.load.LagProbe;
import io.treebeard.bench.load.LoadGenerator;
import io.treebeard.bench.load.LoadResult;
import io.treebeard.bench.load.RespWire;
import io.treebeard.bench.load.SourceChangeLoad;
import io.treebeard.bench.load.Zipf;
import io.treebeard.demo.DemoOptions;
import io.treebeard.demo.Pipeline;
import io.treebeard.demo.SampleCopy;
import io.treebeard.demo.SampleData;
import io.treebeard.demo.SampleLoader;
import io.treebeard.demo.Servers;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.db.ReadQueries;
import io.treebeard.schemas.topic.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole benchmark suite in one command: the pipeline on real embedded servers, every figure of the performance
 * epic measured in one run, written to {@code bench/results/latest.json} (+ history) and the summary of
 * {@code docs/performance.md}.
 *
 * <p>Options (system properties): {@code -Dbench.users=100000}, {@code -Dbench.scale=1.0} (multiplies every duration;
 * 0.2 gives a quick smoke run whose figures are not comparable), {@code -Dbench.rebuildKeys=1000000}.
 */
public final class Suite {

    private static final int USERS = Integer.getInteger("bench.users", 100_000);
    private static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "1.0"));
    private static final int REBUILD_KEYS = Integer.getInteger("bench.rebuildKeys", 1_000_000);
    private static final int CONNECTIONS = 64;
    /**
     * How often the freshness load updates a plan price: each update reaches the 25,000 users of its region (at 100,000
     * users), so a plan change every 20 s adds about as many documents as 1,000 usage changes/s do.
     */
    /** A sampled change not served within this is counted lost (and the p99 of its run is then infinite). */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PLAN_EVERY = Duration.ofSeconds(Long.getLong("bench.planEverySeconds", 20));
    private static final String FANOUT_PLAN = "bench-all";
    /** Phases to run, comma-separated; all by default. A partial run is for investigation: its report is partial too. */
    private static final List<String> PHASES = List.of(System.getProperty("bench.phases",
            "fanout,hitrate,api,fallback,freshness,rebuild,ingest").split(","));

    private final BenchReport report;
    private final Servers servers;
    private final Pipeline pipeline;
    private final String queryUrl;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redis;
    private final Admin admin;
    private final List<String> users = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private Suite(BenchReport report, Servers servers, Pipeline pipeline, String queryUrl) {
        this.report = report;
        this.queryUrl = queryUrl;
        this.servers = servers;
        this.pipeline = pipeline;
        this.redisClient = RedisClient.create(servers.redis());
        this.redis = redisClient.connect();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka());
        this.admin = Admin.create(admin);
        for (int u = 1; u <= USERS; u++) {
            users.add(SampleData.userId(u));
        }
    }

    /** Runs the suite and writes the results. */
    public static void main(String[] args) throws Exception {
        System.setProperty("logback.configurationFile",
                System.getProperty("logback.configurationFile", "treebeard-stack-logback.xml"));
        long started = System.nanoTime();
        BenchReport report = new BenchReport(gitCommit(), Instant.now());
        say("Starting Kafka, PostgreSQL and Redis...");
        try (Servers servers = Servers.start(new DemoOptions(USERS, 7, Optional.empty(), Optional.empty(), "postgres", "",
                Optional.empty()))) {
            loadSources(servers);
            say("Starting the four services...");
            try (Pipeline pipeline = Pipeline.start(servers, true, false); ForkedQueryApi api = ForkedQueryApi.start(servers)) {
                say("Read API (own JVM, " + String.join(" ", ForkedQueryApi.JVM_OPTIONS) + ") at " + api.url());
                Suite suite = new Suite(report, servers, pipeline, api.url());
                suite.runAll();
                suite.close();
            }
        } finally {
            report.write(Path.of(System.getProperty("bench.results", "bench/results")),
                    Path.of(System.getProperty("bench.performanceMd", "docs/performance.md")));
            say(String.format(Locale.ROOT, "Suite done in %.1f min; results in bench/results/latest.json and docs/performance.md",
                    (System.nanoTime() - started) / 60e9));
        }
    }

    private void runAll() throws Exception {
        awaitRecommendationKeys(USERS, Duration.ofMinutes(10), "initial load");
        phase("fanout", this::fanout);
        phase("hitrate", this::hitRate);
        phase("api", this::apiReads);
        phase("fallback", this::databaseFallback);
        phase("rebuild", this::rebuild);
        // Last but one: the 5,000 changes/s run leaves a backlog that takes minutes to drain.
        phase("freshness", this::freshnessAndThroughput);
        // Last, without waiting for that backlog: ingest and capture do not depend on the recommender, and the rows it
        // writes would themselves leave a backlog for any later phase.
        if (PHASES.contains("ingest")) {
            say("Phase ingest (not waiting for the recommender's backlog)");
            ingest();
        }
    }

    /** Runs one phase once the pipeline has caught up with the previous one, so no phase pays for another's backlog. */
    private void phase(String name, Phase body) throws Exception {
        if (!PHASES.contains(name)) {
            return;
        }
        long settling = System.nanoTime();
        awaitLagBelow(new LagProbe(admin), 100, Duration.ofMinutes(5));
        // Lag says nothing of plan fan-outs still walking their users (they are worked off by a punctuator).
        await(Duration.ofMinutes(5), () -> pendingFanouts() == 0);
        say(String.format(Locale.ROOT, "Phase %s (pipeline settled in %.1f s)", name, (System.nanoTime() - settling) / 1e9));
        body.run();
    }

    /** The recommender's {@code treebeard.recommender.fanout.pending}, read from its Prometheus endpoint. */
    private double pendingFanouts() {
        try {
            java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                    URI.create(pipeline.recommenderUrl() + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.body().lines().filter(l -> l.startsWith("treebeard_recommender_fanout_pending"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the recommender's metrics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @FunctionalInterface
    private interface Phase {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------- load

    private static void loadSources(Servers servers) throws Exception {
        SampleData data = new SampleData(7, USERS);
        long started = System.nanoTime();
        SampleCopy.load(servers.jdbcUrl(), servers.user(), servers.password(), data, List.of(data.latestReadingCsv()), Suite::say);
        try (Connection c = DriverManager.getConnection(servers.jdbcUrl(), servers.user(), servers.password());
                PreparedStatement plan = c.prepareStatement("INSERT INTO plan_catalog (plan_id, provider, name, available_regions,"
                        + " is_active, rate_structure, renewable_percentage, contract_months, early_termination_fee, updated_at)"
                        + " VALUES (?, 'Bench Power', 'Everywhere', ?::text[], true,"
                        + " '{\"energy\": {\"type\": \"flat\", \"rate\": 0.5}}', 100, 0, 0, now())")) {
            // 100% renewable and month-to-month, so no user's preferences exclude it: its price cut reaches every user.
            plan.setString(1, FANOUT_PLAN);
            plan.setString(2, "{" + String.join(",", SampleData.REGIONS) + "}");
            plan.executeUpdate();
        }
        say(String.format(Locale.ROOT, "Loaded %,d users with COPY in %.1f s", USERS, (System.nanoTime() - started) / 1e9));
    }

    // ---------------------------------------------------------------- fan-out

    private void fanout() throws Exception {
        Map<String, Long> before = versions(users);
        long started = System.nanoTime();
        try (Connection c = connect(); PreparedStatement cheap = c.prepareStatement(
                "UPDATE plan_catalog SET rate_structure = '{\"energy\": {\"type\": \"flat\", \"rate\": 0.01}}', updated_at = now()"
                        + " WHERE plan_id = ?")) {
            cheap.setString(1, FANOUT_PLAN);
            cheap.executeUpdate();
        }
        List<String> stale = awaitNewVersions(before, Duration.ofMinutes(5));
        double seconds = stale.isEmpty() ? (System.nanoTime() - started) / 1e9 : Double.NaN;
        say(String.format(Locale.ROOT, "Fan-out: %,d users updated in Redis in %.2f s%s", USERS - stale.size(), seconds,
                stale.isEmpty() ? "" : "; not updated after 5 min: " + stale.size() + ", e.g. " + stale.get(0)));
        report.atMost("fanout.seconds", String.format(Locale.ROOT, "one plan price change reaching %,d users in Redis", USERS),
                seconds, "s", 5, null);
    }

    /**
     * Waits until every user's document in Redis has a version above {@code before}, and returns the users that never
     * got one. Only users not yet seen updated are read, a few thousand per round, so watching costs Redis little and
     * the final rounds (over the last few users) show the end within milliseconds.
     */
    private List<String> awaitNewVersions(Map<String, Long> before, Duration timeout) {
        List<String> remaining = new ArrayList<>(users);
        int cursor = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
            int to = Math.min(remaining.size(), cursor + 5_000);
            List<String> chunk = remaining.subList(cursor, to);
            Map<String, Long> now = versions(chunk);
            List<String> stillOld = chunk.stream().filter(u -> now.getOrDefault(u, -1L) <= before.getOrDefault(u, -1L)).toList();
            List<String> next = new ArrayList<>(remaining.size());
            next.addAll(remaining.subList(0, cursor));
            next.addAll(stillOld);
            next.addAll(remaining.subList(to, remaining.size()));
            remaining = next;
            cursor += stillOld.size();
            if (cursor >= remaining.size()) {
                cursor = 0;
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
        return remaining;
    }

    // ---------------------------------------------------------------- hit rate

    private void hitRate() throws Exception {
        Zipf zipf = new Zipf(USERS, 1.1);
        CacheStatusCounter statuses = new CacheStatusCounter();
        URI api = URI.create(queryUrl);
        LoadGenerator zipfReads = new LoadGenerator(HttpWire.to(api.getHost(), api.getPort(), zipfPaths(zipf), statuses), 16);
        long[] start = statuses.snapshot();
        zipfReads.fixedRate(2_000, Duration.ZERO, seconds(30));
        double steady = CacheStatusCounter.hitRate(start, statuses.snapshot());
        report.atLeast("hitrate.steady", "cache hit rate, Zipf s=1.1 over " + USERS + " users, event-warmed", 100 * steady, "%", 99.5,
                "88%");
        // Cache loss: the projector rebuilds (hottest first) while the reads go on.
        redis.sync().flushall();
        long[] during = statuses.snapshot();
        long rebuildStart = System.nanoTime();
        zipfReads.fixedRate(2_000, Duration.ZERO, seconds(20));
        double duringRebuild = CacheStatusCounter.hitRate(during, statuses.snapshot());
        awaitRecommendationKeys(USERS, Duration.ofMinutes(5), "rebuild after FLUSHALL");
        say(String.format(Locale.ROOT, "Hit rate: steady %.3f%%, first 20 s after FLUSHALL %.2f%% (rebuild of %,d users took %.1f s)",
                100 * steady, 100 * duringRebuild, USERS, (System.nanoTime() - rebuildStart) / 1e9));
        report.add("hitrate.rebuild", "cache hit rate in the 20 s after a FLUSHALL (rebuild running)", 100 * duringRebuild, "%", null);
    }

    private java.util.function.LongFunction<String> zipfPaths(Zipf zipf) {
        SplittableRandom random = new SplittableRandom(11);
        return n -> {
            int rank;
            synchronized (random) {
                rank = zipf.next(random);
            }
            return "/api/v1/recommendations/" + users.get(rank);
        };
    }

    // ---------------------------------------------------------------- API reads

    private void apiReads() throws Exception {
        URI api = URI.create(queryUrl);
        java.util.function.LongFunction<String> uniform = n -> "/api/v1/recommendations/" + users.get((int) (mix(n) % USERS));
        LoadGenerator hit = new LoadGenerator(HttpWire.to(api.getHost(), api.getPort(), uniform), CONNECTIONS);
        // A long warm-up: this JVM also runs the broker and the three other services, so the JIT has a lot to compile
        // before the read path reaches its steady state.
        LoadResult capacity = hit.capacity(seconds(20), seconds(15));
        say("API HIT capacity: " + capacity);
        URI redisUri = URI.create(servers.redis());
        LoadResult raw = new LoadGenerator(RespWire.to(redisUri.getHost(), redisUri.getPort(),
                n -> new String[] {"HGET", CacheKeys.recommendation(users.get((int) (mix(n) % USERS))), CacheKeys.FIELD_DATA}),
                CONNECTIONS).capacity(seconds(3), seconds(10));
        say("Raw Redis HGET (same harness): " + raw);
        double redisBenchmark = redisBenchmarkGet(redisUri);
        double baseline = Double.isNaN(redisBenchmark) ? raw.throughput() : redisBenchmark;
        LoadResult fixed = hit.fixedRate(capacity.throughput() / 2, seconds(5), seconds(30));
        say("API HIT at half capacity: " + fixed);
        report.add("api.hit.capacity", "API HIT capacity (64 connections)", capacity.throughput(), "req/s", "5,000 req/s");
        report.add("redis.get.capacity", Double.isNaN(redisBenchmark) ? "raw Redis HGET, same Java harness, 64 connections"
                : "redis-benchmark GET, 64 connections", baseline, "req/s", null);
        report.atLeast("api.hit.ratio", "API HIT capacity / raw Redis", 100 * capacity.throughput() / baseline, "%", 25, null);
        report.add("api.hit.p50", "API HIT p50 at half capacity (CO-corrected)", fixed.percentileMs(50), "ms", null);
        report.atMost("api.hit.p99", "API HIT p99 at half capacity (CO-corrected)", fixed.percentileMs(99), "ms", 10,
                "p95 1,150 ms");
        report.add("api.hit.p999", "API HIT p99.9 at half capacity", fixed.percentileMs(99.9), "ms", null);
        report.add("api.hit.max", "API HIT max at half capacity", fixed.maxMs(), "ms", null);
    }

    private double redisBenchmarkGet(URI redisUri) {
        try {
            Process process = new ProcessBuilder("redis-benchmark", "-h", redisUri.getHost(), "-p", String.valueOf(redisUri.getPort()),
                    "-c", String.valueOf(CONNECTIONS), "-n", String.valueOf((int) (500_000 * Math.max(SCALE, 0.2))), "-t", "get", "-q")
                    .redirectErrorStream(true).start();
            String output;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                output = String.join("\n", out.lines().toList());
            }
            process.waitFor(2, TimeUnit.MINUTES);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("GET: ([0-9.]+) requests per second").matcher(output);
            if (m.find()) {
                say("redis-benchmark GET: " + m.group(1) + " req/s");
                return Double.parseDouble(m.group(1));
            }
            return Double.NaN;
        } catch (java.io.IOException e) {
            say("redis-benchmark is not installed; the Redis baseline is the same Java harness sending HGET");
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    // ---------------------------------------------------------------- database fallback

    private void databaseFallback() throws Exception {
        var redisServer = servers.embeddedRedis().orElseThrow();
        redisServer.stop();
        try {
            URI api = URI.create(queryUrl);
            CacheStatusCounter statuses = new CacheStatusCounter();
            LoadGenerator db = new LoadGenerator(HttpWire.to(api.getHost(), api.getPort(),
                    n -> "/api/v1/recommendations/" + users.get((int) (mix(n) % USERS)), statuses), CONNECTIONS);
            LoadResult capacity = db.capacity(seconds(10), seconds(15));
            LoadResult fixed = db.fixedRate(capacity.throughput() / 2, seconds(3), seconds(20));
            long[] counts = statuses.snapshot();
            say("API with Redis down: capacity " + capacity + "; at half capacity " + fixed + "; BYPASS answers " + counts[2]);
            Histogram raw = rawSelect(4, seconds(10));
            say(String.format(Locale.ROOT, "Raw pgjdbc indexed SELECT (4 threads): %,.0f/s, p95 %.2f ms", raw.getTotalCount()
                    / (seconds(10).toNanos() / 1e9), raw.getValueAtPercentile(95) / 1000.0));
            report.add("api.db.capacity", "API capacity with Redis down (BYPASS, database)", capacity.throughput(), "req/s", null);
            report.atMost("api.db.p95", "API p95 with Redis down, at half that capacity (CO-corrected)", fixed.percentileMs(95), "ms", 5,
                    "database p95 78 ms");
            report.add("api.db.p99", "API p99 with Redis down, at half capacity", fixed.percentileMs(99), "ms", null);
            report.add("api.db.errors", "error answers with Redis down", capacity.errors() + fixed.errors(), "requests", null);
            report.add("pg.select.p95", "raw pgjdbc indexed SELECT p95 (4 threads, closed loop)", raw.getValueAtPercentile(95) / 1000.0,
                    "ms", null);
        } finally {
            redisServer.restart();
        }
        awaitRecommendationKeys(USERS, Duration.ofMinutes(5), "rebuild after Redis restart");
    }

    private Histogram rawSelect(int threads, Duration duration) throws Exception {
        Histogram histogram = new Histogram(60_000_000L, 3);
        List<Thread> workers = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread worker = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try (Connection c = connect(); PreparedStatement select = c.prepareStatement(ReadQueries.RECOMMENDATION_BY_USER)) {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        select.setString(1, users.get(random.nextInt(USERS)));
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
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return histogram;
    }

    // ---------------------------------------------------------------- freshness and throughput

    private void freshnessAndThroughput() throws Exception {
        List<String> background = users.subList(0, USERS - 400);
        // Sampled users live in TX-WEST and TX-COAST (user n is in REGIONS[n % 4]), where neither nudged plan is sold, so
        // their version moves only because of their own sampled change.
        List<String> samples = new ArrayList<>();
        for (int n = USERS - 399; n <= USERS; n++) {
            if (n % 4 >= 2) {
                samples.add(SampleData.userId(n));
            }
        }
        SourceChangeLoad load = new SourceChangeLoad(servers.jdbcUrl(), servers.user(), servers.password(), queryUrl,
                background, samples, List.of("plan-2", "plan-9"), SampleData.lastDay(), PLAN_EVERY);
        LagProbe lag = new LagProbe(admin);
        double highestKeptUp = Double.NaN;
        for (int rate : new int[] {500, 1_000, 5_000}) {
            awaitLagBelow(lag, 100, Duration.ofMinutes(3));
            await(Duration.ofMinutes(2), () -> pendingFanouts() == 0);
            long lagBefore = totalLag(lag);
            long[] atEnd = new long[3];
            // Lag is read the moment the load stops: read after the wait for the last samples, it would hide a backlog
            // the pipeline drained during that wait.
            SourceChangeLoad.Result result = load.run(rate, seconds(60), 10, PROBE_TIMEOUT, () -> {
                try {
                    atEnd[0] = lag.lag(pipeline.recommenderApplicationId());
                    atEnd[1] = lag.lag(pipeline.projectorGroupId());
                    atEnd[2] = (long) pendingFanouts();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long lagAfter = atEnd[0] + atEnd[1];
            say(String.format(Locale.ROOT, "  at the end of the load: lag recommender %,d, projector %,d; plan fan-outs pending %d",
                    atEnd[0], atEnd[1], atEnd[2]));
            boolean keptUp = lagAfter - lagBefore < rate * 2L;
            say(String.format(Locale.ROOT, "Freshness at %,d changes/s: %,d committed, %d samples seen, %d not seen in %d s;"
                            + " p50 %d ms, p99 %d ms, max %d ms; lag %,d -> %,d (%s)", rate, result.committed(), result.samples(),
                    result.lost(), PROBE_TIMEOUT.toSeconds(), result.freshness().getValueAtPercentile(50),
                    result.freshness().getValueAtPercentile(99), result.freshness().getMaxValue(), lagBefore, lagAfter,
                    keptUp ? "kept up" : "fell behind"));
            String prefix = "freshness." + rate;
            double p99 = result.lost() > 0 ? Double.POSITIVE_INFINITY : result.freshness().getValueAtPercentile(99);
            report.add(prefix + ".p50", String.format(Locale.ROOT, "commit → API p50 at %,d changes/s", rate),
                    result.freshness().getValueAtPercentile(50), "ms", null);
            if (rate == 5_000) {
                report.atMost(prefix + ".p99", "commit → API p99 at 5,000 changes/s", p99, "ms", 500, "a whole TTL (up to 24 h)");
            } else {
                report.add(prefix + ".p99", String.format(Locale.ROOT, "commit → API p99 at %,d changes/s", rate), p99, "ms",
                        "a whole TTL (up to 24 h)");
            }
            report.add(prefix + ".max", String.format(Locale.ROOT, "commit → API max at %,d changes/s", rate),
                    result.freshness().getMaxValue(), "ms", null);
            if (keptUp) {
                highestKeptUp = rate;
            }
        }
        report.add("throughput.sustained", "highest tested source change rate with no growing lag over 60 s (of 500, 1,000 and 5,000)",
                highestKeptUp, "changes/s", null);
    }

    private long totalLag(LagProbe lag) throws InterruptedException {
        return lag.lag(pipeline.recommenderApplicationId()) + lag.lag(pipeline.projectorGroupId());
    }

    private void awaitLagBelow(LagProbe lag, long limit, Duration timeout) throws InterruptedException {
        await(timeout, () -> {
            try {
                return totalLag(lag) < limit;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        });
    }

    // ---------------------------------------------------------------- rebuild

    private void rebuild() throws Exception {
        int extra = Math.max(0, REBUILD_KEYS - USERS);
        say(String.format(Locale.ROOT, "Producing %,d more recommendation documents...", extra));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        var template = versionsTemplate();
        try (KafkaProducer<String, io.treebeard.schemas.event.RecommendationDocument> producer = new KafkaProducer<>(props,
                Topics.RECOMMENDATIONS.keySerde().serializer(), Topics.RECOMMENDATIONS.valueSerde().serializer())) {
            for (int i = 0; i < extra; i++) {
                String user = String.format(Locale.ROOT, "bench-r-%07d", i);
                producer.send(new ProducerRecord<>(Topics.RECOMMENDATIONS.name(), user, withUser(template, user)));
            }
        }
        awaitRecommendationKeys(REBUILD_KEYS, Duration.ofMinutes(10), "live projection of the extra documents");
        redis.sync().flushall();
        long started = System.nanoTime();
        awaitRecommendationKeys(REBUILD_KEYS, Duration.ofMinutes(10), "rebuild of " + REBUILD_KEYS + " keys");
        double seconds = (System.nanoTime() - started) / 1e9;
        say(String.format(Locale.ROOT, "Rebuild: %,d recommendation keys in %.1f s (%,.0f keys/s)", REBUILD_KEYS, seconds,
                REBUILD_KEYS / seconds));
        report.atLeast("rebuild.rate", String.format(Locale.ROOT, "rebuild of %,d recommendation keys after FLUSHALL", REBUILD_KEYS),
                REBUILD_KEYS / seconds, "keys/s", 50_000, "cron + TTL warming");
    }

    private io.treebeard.schemas.event.RecommendationDocument versionsTemplate() throws Exception {
        String json = redis.sync().hget(CacheKeys.recommendation(users.get(0)), CacheKeys.FIELD_DATA);
        return io.treebeard.schemas.json.Json.mapper().readValue(json, io.treebeard.schemas.event.RecommendationDocument.class);
    }

    private static io.treebeard.schemas.event.RecommendationDocument withUser(io.treebeard.schemas.event.RecommendationDocument t,
            String user) {
        return new io.treebeard.schemas.event.RecommendationDocument(user, 1, t.generatedAt(), t.asOf(), t.status(), t.region(),
                t.confidence(), t.annualKwh(), t.monthsWithData(), t.currentPlan(), t.recommendations());
    }

    // ---------------------------------------------------------------- ingest

    private void ingest() throws Exception {
        URI ingest = URI.create(pipeline.ingestUrl());
        HttpClient http = HttpClient.newHttpClient();
        long eventsBefore = endOffsets(Topics.USAGE.name());
        long rows = 0;
        long started = System.nanoTime();
        long end = started + seconds(20).toNanos();
        LocalDate day = SampleData.lastDay().plusDays(1);
        for (int batch = 0; System.nanoTime() < end; batch++) {
            StringBuilder csv = new StringBuilder("user_id,usage_date,kwh,peak_kwh\n");
            // Every row of a batch is a distinct (user, day), so each row is one CDC event.
            int size = Math.min(10_000, USERS);
            LocalDate date = day.plusDays(batch / (USERS / size));
            int offset = (batch * size) % USERS;
            for (int i = 0; i < size; i++) {
                csv.append(users.get((offset + i) % USERS)).append(',').append(date).append(",12.500,5.000\n");
            }
            SampleLoader.send(http, Pipeline.DEV_KEY, "POST", ingest + "/api/v1/usage", "text/csv", csv.toString());
            rows += size;
        }
        double apiSeconds = (System.nanoTime() - started) / 1e9;
        long written = rows;
        await(Duration.ofMinutes(5), () -> endOffsets(Topics.USAGE.name()) - eventsBefore >= written);
        double cdcSeconds = (System.nanoTime() - started) / 1e9;
        say(String.format(Locale.ROOT, "Ingest: %,d rows through the write API at %,.0f rows/s; CDC published them at %,.0f events/s",
                rows, rows / apiSeconds, rows / cdcSeconds));
        report.add("ingest.api.rows", "write-API bulk ingest, one client, 10,000-row batches, capture on", rows / apiSeconds, "rows/s",
                null);
        report.add("ingest.cdc.events", "CDC events published to Kafka (same run)", rows / cdcSeconds, "events/s", null);
    }

    private long endOffsets(String topic) {
        try {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> specs = new java.util.HashMap<>();
            partitions.forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(specs).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e.getCause());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Document versions in Redis of {@code ids}, pipelined in rounds of 1,000. */
    private Map<String, Long> versions(List<String> ids) {
        Map<String, Long> versions = new java.util.HashMap<>(ids.size() * 2);
        RedisAsyncCommands<String, String> async = redis.async();
        for (int from = 0; from < ids.size(); from += 1_000) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1_000));
            List<RedisFuture<String>> futures = new ArrayList<>(chunk.size());
            for (String id : chunk) {
                futures.add(async.hget(CacheKeys.recommendation(id), CacheKeys.FIELD_VERSION));
            }
            for (int i = 0; i < chunk.size(); i++) {
                String v = futures.get(i).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
                if (v != null) {
                    versions.put(chunk.get(i), Long.parseLong(v));
                }
            }
        }
        return versions;
    }

    private long countRecommendationKeys() {
        RedisCommands<String, String> sync = redis.sync();
        long count = 0;
        ScanArgs args = ScanArgs.Builder.matches(CacheKeys.PREFIX + "rec:*").limit(20_000);
        KeyScanCursor<String> cursor = sync.scan(args);
        while (true) {
            count += cursor.getKeys().size();
            if (cursor.isFinished()) {
                return count;
            }
            cursor = sync.scan(ScanCursor.of(cursor.getCursor()), args);
        }
    }

    private void awaitRecommendationKeys(int expected, Duration timeout, String what) {
        long started = System.nanoTime();
        AtomicLong last = new AtomicLong();
        boolean reached = await(timeout, () -> {
            try {
                last.set(countRecommendationKeys());
                return last.get() >= expected;
            } catch (RuntimeException e) {
                return false;
            }
        });
        if (!reached) {
            throw new IllegalStateException(what + ": only " + last.get() + " of " + expected + " recommendation keys after " + timeout);
        }
        say(String.format(Locale.ROOT, "%s: %,d recommendation keys in Redis after %.1f s", what, last.get(),
                (System.nanoTime() - started) / 1e9));
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return false;
    }

    private Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection(servers.jdbcUrl(), servers.user(), servers.password());
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000 * SCALE));
    }

    /** A cheap hash spreading request numbers over users. */
    private static long mix(long n) {
        long z = n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return (z ^ (z >>> 29)) & Long.MAX_VALUE;
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (java.io.IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private void close() {
        admin.close();
        redis.close();
        redisClient.shutdown();
    }

    private static void say(String message) {
        System.out.println("[bench] " + message);
    }

}
