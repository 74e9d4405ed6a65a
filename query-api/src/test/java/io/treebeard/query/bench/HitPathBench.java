package io.treebeard.query.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.treebeard.query.QueryApplication;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.CacheScripts;
import io.treebeard.schemas.db.ReadQueries;
import io.treebeard.service.TreeBeardApplication;
import io.treebeard.stack.EmbeddedPostgresServer;
import io.treebeard.stack.EmbeddedRedisServer;
import io.treebeard.stack.Migrations;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load on the HIT path (64 keep-alive connections, closed loop, then constant rate at half of capacity with
 * coordinated-omission correction), and the database fallback with Redis down beside a raw pgjdbc lookup. Not a test:
 * run by hand ({@code main}); it prints the figures. Generator and service share the JVM and the machine's cores.
 */
public final class HitPathBench {

    private static final int CONNECTIONS = 64;
    private static final String KEY = "bench-read-key";
    private static final String AUTH = "Authorization: Bearer " + KEY + "\r\n";

    private HitPathBench() {
    }

    /** Runs every phase; args[0] = seconds per phase (default 15). */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        EmbeddedRedisServer redis = EmbeddedRedisServer.start();
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(Files.createTempDirectory("bench-pg"));
        pg.createDatabase("bench");
        DataSource db = pg.dataSource("bench");
        Migrations.migrate(db);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO user_profile (user_id, region, preferences) SELECT 'b-' || i, 'TX', '{\"top_n\": 3}'"
                    + " FROM generate_series(1, 10000) i");
            s.execute("ANALYZE user_profile");
        }
        ConfigurableApplicationContext app = TreeBeardApplication.create(QueryApplication.class).run(
                "--server.port=0", "--logging.level.root=WARN", "--logging.structured.format.console=",
                "--treebeard.query.database.url=" + pg.jdbcUrl("bench"), "--treebeard.query.database.user=postgres",
                // One read key and the per-client limiter on (at a rate it never reaches), so the hit path pays for both.
                "--treebeard.query.security.keys[0].name=bench",
                "--treebeard.query.security.keys[0].sha256=" + io.treebeard.service.auth.ApiKeys.sha256(KEY),
                "--treebeard.query.security.keys[0].rights=read",
                "--treebeard.query.security.rate-limit.enabled=true",
                "--treebeard.query.security.rate-limit.requests-per-second=100000000",
                "--treebeard.query.security.rate-limit.burst=100000000",
                "--treebeard.query.redis.uri=" + redis.uri(), "--treebeard.query.redis.command-timeout="
                        + System.getProperty("bench.commandTimeout", "100ms"));
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        String body = "{\"user_id\":\"b-1\",\"region\":\"TX\",\"current_plan_id\":\"p-42\",\"contract_end_date\":\"2027-03-31\","
                + "\"preferences\":{\"min_renewable_pct\":20.0,\"max_contract_months\":12,\"top_n\":3},"
                + "\"updated_at\":\"2026-11-25T10:00:00.123Z\"}";
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().eval(CacheScripts.VERSIONED_SET, ScriptOutputType.INTEGER, new String[] {CacheKeys.profile("b-1")}, "5", body,
                    "3600000");
        }
        client.shutdown();
        String hit = "GET /api/v1/users/b-1/profile HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\n";

        closedLoop(port, hit, CONNECTIONS, 5, "warm-up");
        System.out.println("after warm-up: circuit=" + app.getBean(io.treebeard.query.read.CacheCircuit.class).state()
                + " hits=" + app.getBean(io.treebeard.query.metrics.QueryMetrics.class).readCount(
                        io.treebeard.schemas.cache.KeyType.PROFILE, io.treebeard.query.read.CacheStatus.HIT)
                + " bypasses=" + app.getBean(io.treebeard.query.metrics.QueryMetrics.class).readCount(
                        io.treebeard.schemas.cache.KeyType.PROFILE, io.treebeard.query.read.CacheStatus.BYPASS));
        closedLoop(port, "GET /api/v1/nothing HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\n", CONNECTIONS, seconds,
                "404 (no Redis) c64");
        closedLoop(port, hit, 1, seconds, "HIT closed loop c1");
        double capacity = closedLoop(port, hit, CONNECTIONS, seconds, "HIT closed loop c64");
        constantRate(port, hit, CONNECTIONS, capacity / 2, seconds, "HIT constant rate at half capacity");
        redisBenchmark(redis.port());

        redis.stop();
        closedLoop(port, "GET /api/v1/users/b-2/profile HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\n", 8, 3, "BYPASS warm-up");
        closedLoop(port, "GET /api/v1/users/b-2/profile HTTP/1.1\r\nHost: localhost\r\n" + AUTH + "\r\n", 8, seconds,
                "BYPASS (Redis down) c8");
        rawJdbc(db, seconds);
        app.close();
        pg.close();
    }

    private static double closedLoop(int port, String request, int connections, int seconds, String name) throws Exception {
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        List<Histogram> hs = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            hs.add(h);
            threads.add(started(() -> {
                try (Client c = new Client(port, request)) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        c.call();
                        h.recordValue(System.nanoTime() - t0);
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        hs.forEach(all::add);
        double rate = done.get() / (double) seconds;
        report(name, rate, all);
        return rate;
    }

    private static void constantRate(int port, String request, int connections, double rate, int seconds, String name)
            throws Exception {
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long intervalNanos = (long) (1e9 * connections / rate);
        long start = System.nanoTime() + 100_000_000L;
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        List<Histogram> hs = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        for (int i = 0; i < connections; i++) {
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            hs.add(h);
            long offset = intervalNanos * i / connections;
            threads.add(started(() -> {
                try (Client c = new Client(port, request)) {
                    long next = start + offset;
                    while (next < end) {
                        long now;
                        while ((now = System.nanoTime()) < next) {
                            long wait = next - now;
                            if (wait > 200_000) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait - 100_000);
                            } else {
                                Thread.onSpinWait();
                            }
                        }
                        c.call();
                        // Latency from the intended start time: no coordinated omission.
                        h.recordValue(System.nanoTime() - next);
                        done.incrementAndGet();
                        next += intervalNanos;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        hs.forEach(all::add);
        report(name + String.format(" (target %.0f/s)", rate), done.get() / (double) seconds, all);
    }

    private static Thread started(Runnable body) {
        Thread t = new Thread(body);
        t.start();
        return t;
    }

    private static void rawJdbc(DataSource db, int seconds) throws Exception {
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long n = 0;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(ReadQueries.PROFILE_BY_ID)) {
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                ps.setString(1, "b-" + (1 + n % 10000));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                h.recordValue(System.nanoTime() - t0);
                n++;
            }
        }
        report("raw pgjdbc PROFILE_BY_ID, 1 connection", n / (double) seconds, h);
    }

    private static void redisBenchmark(int port) throws Exception {
        Process p = new ProcessBuilder("redis-benchmark", "-p", Integer.toString(port), "-c", "64", "-n", "1000000", "-t", "get", "-q")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String[] lines = out.split("\r");
        System.out.println("redis-benchmark GET c64: " + lines[lines.length - 1].trim());
    }

    private static void report(String name, double rate, Histogram h) {
        System.out.printf("%-50s %9.0f req/s  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  max %7.2f ms%n", name, rate,
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(95) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
    }

    /** One keep-alive HTTP/1.1 connection sending a fixed request and reading a Content-Length response. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] request;
        private final byte[] buffer = new byte[16384];

        Client(int port, String request) throws Exception {
            this.socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
            this.request = request.getBytes(StandardCharsets.US_ASCII);
        }

        void call() throws Exception {
            out.write(request);
            out.flush();
            int read = 0;
            int headerEnd = -1;
            int contentLength = -1;
            while (true) {
                int n = in.read(buffer, read, buffer.length - read);
                if (n < 0) {
                    throw new IllegalStateException("connection closed");
                }
                read += n;
                if (headerEnd < 0) {
                    String head = new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
                    int idx = head.indexOf("\r\n\r\n");
                    if (idx >= 0) {
                        headerEnd = idx + 4;
                        if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.1 404")) {
                            throw new IllegalStateException("unexpected: " + head.substring(0, Math.min(80, head.length())));
                        }
                        String lower = head.substring(0, idx).toLowerCase(java.util.Locale.ROOT);
                        int cl = lower.indexOf("content-length:");
                        int eol = lower.indexOf("\r\n", cl) < 0 ? lower.length() : lower.indexOf("\r\n", cl);
                        contentLength = Integer.parseInt(lower.substring(cl + 15, eol).trim());
                    }
                }
                if (headerEnd >= 0 && read >= headerEnd + contentLength) {
                    return;
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
