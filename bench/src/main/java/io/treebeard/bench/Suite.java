package io.treebeard.bench;

import io.treebeard.demo.DemoOptions;
import io.treebeard.demo.Pipeline;
import io.treebeard.demo.SampleCopy;
import io.treebeard.demo.SampleData;
import io.treebeard.demo.Servers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole benchmark suite in one command: the pipeline on real embedded servers, the phases of {@link #ORDER} run
 * one after another, every figure written to {@code bench/results/latest.json} (+ history) and to the generated
 * sections of {@code docs/performance.md}.
 *
 * <p>Options (system properties): {@code -Dbench.users=100000}, {@code -Dbench.scale=1.0} (multiplies every duration;
 * 0.2 gives a quick smoke run whose figures are not comparable), {@code -Dbench.rebuildKeys=1000000},
 * {@code -Dbench.phases=fanout,...} (a subset, for investigation).
 */
public final class Suite {

    /** Users loaded by default. */
    public static final int DEFAULT_USERS = 100_000;
    static final int USERS = Integer.getInteger("bench.users", DEFAULT_USERS);
    static final double SCALE = Double.parseDouble(System.getProperty("bench.scale", "1.0"));
    /** The phases in the order they run: the one place that order is written. */
    public static final List<Phase> ORDER = List.of(new FanoutPhase(), new HitRatePhase(), new HitPathPhase(),
            new RevalidatePhase(), new FallbackPhase(), new ConnectionsPhase(), new RebuildPhase(), new SustainedRatePhase(),
            new IngestPhase());
    /** Before a phase: lag of the recommender and the projector below this many records, and no plan fan-out pending. */
    public static final long SETTLE_LAG = 100;
    /** A phase starts after this even if the pipeline has not settled. */
    public static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);
    /** The run starts once every user's document is in Redis; it fails if that takes longer than this. */
    public static final Duration INITIAL_LOAD_TIMEOUT = Duration.ofMinutes(10);

    private static final List<String> PHASES = List.of(System.getProperty("bench.phases",
            String.join(",", ORDER.stream().map(Phase::name).toList())).split(","));

    private Suite() {
    }

    /** Runs the suite and writes the results. */
    public static void main(String[] args) throws Exception {
        System.setProperty("logback.configurationFile",
                System.getProperty("logback.configurationFile", "treebeard-stack-logback.xml"));
        List<String> unknown = PHASES.stream().filter(p -> ORDER.stream().noneMatch(o -> o.name().equals(p))).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown phases " + unknown + "; known: " + ORDER.stream().map(Phase::name).toList());
        }
        long started = System.nanoTime();
        BenchReport report = new BenchReport(gitCommit(), Instant.now());
        report.section("method", MethodDoc.render());
        say("Starting Kafka, PostgreSQL and Redis...");
        try (Servers servers = Servers.start(new DemoOptions(USERS, 7, Optional.empty(), Optional.empty(), "postgres", "",
                Optional.empty()))) {
            loadSources(servers);
            say("Starting the services (ingest, recommender-streams and cache-projector in this JVM)...");
            try (Pipeline pipeline = Pipeline.start(servers, true, false); ForkedQueryApi api = ForkedQueryApi.start(servers);
                    SuiteContext context = new SuiteContext(report, servers, pipeline, api)) {
                say("Read API (own JVM, " + String.join(" ", ForkedQueryApi.JVM_OPTIONS) + ") at " + api.url()
                        + "; load generators and probes in JVMs of their own (" + String.join(" ", ForkedLoad.JVM_OPTIONS) + ")");
                context.awaitRecommendationKeys(USERS, INITIAL_LOAD_TIMEOUT, "initial load");
                for (Phase phase : ORDER) {
                    if (PHASES.contains(phase.name())) {
                        run(context, phase);
                    }
                }
            }
        } finally {
            report.write(Path.of(System.getProperty("bench.results", "bench/results")),
                    Path.of(System.getProperty("bench.performanceMd", "docs/performance.md")));
            say(String.format(Locale.ROOT, "Suite done in %.1f min; results in bench/results/latest.json and docs/performance.md",
                    (System.nanoTime() - started) / 60e9));
        }
    }

    /** Runs one phase once the pipeline has caught up with the previous one, so no phase pays for another's backlog. */
    private static void run(SuiteContext context, Phase phase) throws Exception {
        long settling = System.nanoTime();
        boolean settled = !phase.waitsForPipeline() || context.probe().awaitSettled(SETTLE_LAG, SETTLE_TIMEOUT);
        say(String.format(Locale.ROOT, "Phase %s (%s %.1f s)", phase.name(), settled ? "pipeline settled in" : "NOT settled after",
                (System.nanoTime() - settling) / 1e9));
        long started = System.nanoTime();
        phase.run(context);
        say(String.format(Locale.ROOT, "Phase %s took %.1f s", phase.name(), (System.nanoTime() - started) / 1e9));
    }

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
            plan.setString(1, FanoutPhase.PLAN);
            plan.setString(2, "{" + String.join(",", SampleData.REGIONS) + "}");
            plan.executeUpdate();
        }
        say(String.format(Locale.ROOT, "Loaded %,d users with COPY in %.1f s", USERS, (System.nanoTime() - started) / 1e9));
    }

    /** Polls {@code condition} every 100 ms until it holds (true) or {@code timeout} passes (false). */
    static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return false;
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (git.waitFor() != 0) {
                return "unknown";
            }
            Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").redirectErrorStream(true).start();
            boolean dirty = status.getInputStream().readAllBytes().length > 0;
            status.waitFor();
            return dirty ? out + "-dirty" : out;
        } catch (java.io.IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static void say(String message) {
        System.out.println("[bench] " + message);
    }
}
