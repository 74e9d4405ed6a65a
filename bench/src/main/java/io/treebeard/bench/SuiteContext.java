package io.treebeard.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.treebeard.demo.Pipeline;
import io.treebeard.demo.SampleData;
import io.treebeard.demo.Servers;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** What the phases share: the servers, the pipeline, the forked read API, the probe, the CPU meter and the report. */
public final class SuiteContext implements AutoCloseable {

    private final BenchReport report;
    private final Servers servers;
    private final Pipeline pipeline;
    private final ForkedQueryApi queryApi;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redis;
    private final Admin admin;
    private final PipelineProbe probe;
    private final CpuMeter cpu;
    private final List<String> users = new ArrayList<>();

    SuiteContext(BenchReport report, Servers servers, Pipeline pipeline, ForkedQueryApi queryApi) {
        this.report = report;
        this.servers = servers;
        this.pipeline = pipeline;
        this.queryApi = queryApi;
        this.redisClient = RedisClient.create(servers.redis());
        this.redis = redisClient.connect();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka());
        this.admin = Admin.create(props);
        this.probe = new PipelineProbe(admin, pipeline, redis);
        for (int u = 1; u <= Suite.USERS; u++) {
            users.add(SampleData.userId(u));
        }
        URI redisUri = URI.create(servers.redis());
        this.cpu = new CpuMeter()
                .process("Redis", () -> CpuMeter.findProcess("redis-server", ":" + redisUri.getPort()).isPresent()
                        ? CpuMeter.findProcess("redis-server", ":" + redisUri.getPort())
                        : CpuMeter.findProcess("redis-server", " " + redisUri.getPort()))
                .process("PostgreSQL", this::postmaster)
                .process("read API (forked JVM)", () -> java.util.OptionalLong.of(queryApi.pid()));
    }

    /** The report the phases add their figures to. */
    public BenchReport report() {
        return report;
    }

    Servers servers() {
        return servers;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /** Base URL of the forked read API. */
    String queryUrl() {
        return queryApi.url();
    }

    ForkedQueryApi queryApi() {
        return queryApi;
    }

    PipelineProbe probe() {
        return probe;
    }

    CpuMeter cpu() {
        return cpu;
    }

    StatefulRedisConnection<String, String> redis() {
        return redis;
    }

    Admin admin() {
        return admin;
    }

    /** The loaded users' ids, user 1 first. */
    List<String> users() {
        return users;
    }

    /** A new connection to the source database. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(servers.jdbcUrl(), servers.user(), servers.password());
    }

    /** {@code seconds} multiplied by {@code -Dbench.scale}. */
    static Duration scaled(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000 * Suite.SCALE));
    }

    /** Waits until Redis holds {@code expected} recommendation keys; fails after {@code timeout}. */
    void awaitRecommendationKeys(int expected, Duration timeout, String what) {
        long started = System.nanoTime();
        AtomicLong last = new AtomicLong();
        boolean reached = Suite.await(timeout, () -> {
            try {
                last.set(probe.countRecommendationKeys());
                return last.get() >= expected;
            } catch (RuntimeException e) {
                return false;
            }
        });
        if (!reached) {
            throw new IllegalStateException(what + ": only " + last.get() + " of " + expected + " recommendation keys after " + timeout);
        }
        Suite.say(String.format(Locale.ROOT, "%s: %,d recommendation keys in Redis after %.1f s", what, last.get(),
                (System.nanoTime() - started) / 1e9));
    }

    /** The postmaster's pid: the parent of this session's backend. */
    private java.util.OptionalLong postmaster() {
        try (Connection c = connect(); var st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long backend = rs.getLong(1);
            java.util.OptionalLong parent = CpuMeter.parent(backend);
            if (parent.isPresent() && java.nio.file.Files.exists(java.nio.file.Path.of("/proc", Long.toString(backend)))) {
                return parent;
            }
        } catch (SQLException e) {
            return java.util.OptionalLong.empty();
        }
        // The server runs in a pid namespace of its own: find the postmaster by its port.
        return CpuMeter.findProcess("postgres", "-p " + URI.create(servers.jdbcUrl().substring(5)).getPort());
    }

    @Override
    public void close() {
        admin.close();
        redis.close();
        redisClient.shutdown();
    }
}
