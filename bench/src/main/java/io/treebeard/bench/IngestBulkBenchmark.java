package io.treebeard.bench;

import io.treebeard.ingest.IngestApplication;
import io.treebeard.service.auth.ApiKeys;
import io.treebeard.service.TreeBeardApplication;
import io.treebeard.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Write-API bulk ingest: one client posts 10,000-row CSV batches of new readings back to back to the ingest service on
 * the real stack (change capture running, as in production) and reports the sustained rows/s into Postgres and the
 * per-batch latency. Warm-up batches are excluded.
 *
 * <p>Options: {@code [seconds=60] [warmupBatches=10] [capture=true] [inFlight=1]}; {@code capture=false} measures the API
 * and database path alone, without the change capture competing for the same two cores; {@code inFlight} is how many
 * batches the one client keeps in flight (1 = strictly one after the other).
 */
public final class IngestBulkBenchmark {

    private static final String KEY = "bench-key-0123456789";
    private static final int ROWS_PER_BATCH = 10_000;

    private IngestBulkBenchmark() {
    }

    /** Runs the benchmark and prints its figures. */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        boolean capture = args.length <= 2 || Boolean.parseBoolean(args[2]);
        int inFlight = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        try (LocalStack stack = LocalStack.start();
             ConfigurableApplicationContext app = TreeBeardApplication.create(IngestApplication.class).run(
                     "--server.port=0", "--logging.structured.format.console=", "--logging.level.root=WARN",
                     // Throw-away embedded servers with well-known passwords (SecretCheck refuses them anywhere else).
                     "--treebeard.secrets.allow-placeholders=true",
                     "--spring.datasource.url=" + stack.postgres().jdbcUrl(LocalStack.DATABASE),
                     "--spring.flyway.user=postgres",
                     "--treebeard.ingest.kafka-bootstrap-servers=" + stack.kafka().bootstrapServers(),
                     "--treebeard.ingest.capture.enabled=" + capture,
                     "--treebeard.ingest.api.keys[0].name=bench",
                     "--treebeard.ingest.api.keys[0].sha256=" + ApiKeys.sha256(KEY),
                     "--treebeard.ingest.api.keys[0].rights=write")) {
            URI uri = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/api/v1/usage");
            HttpClient http = HttpClient.newHttpClient();
            int batch = 0;
            for (; batch < warmup; batch++) {
                post(http, uri, batch);
            }
            Histogram latency = new Histogram(60_000_000_000L, 3);
            // Bodies are built ahead, so the client's own CSV formatting is not part of the measured time.
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < seconds * 8; i++) {
                bodies.add(body(batch + i));
            }
            int first = batch;
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            ExecutorService pool = Executors.newFixedThreadPool(inFlight);
            List<Future<Long>> workers = new ArrayList<>();
            for (int w = 0; w < inFlight; w++) {
                workers.add(pool.submit(() -> {
                    long sent = 0;
                    int i;
                    while (System.nanoTime() < end && (i = next.getAndIncrement()) < bodies.size()) {
                        long t0 = System.nanoTime();
                        send(http, uri, bodies.get(i), first + i);
                        synchronized (latency) {
                            latency.recordValue(System.nanoTime() - t0);
                        }
                        sent += ROWS_PER_BATCH;
                    }
                    return sent;
                }));
            }
            long rows = 0;
            for (Future<Long> w : workers) {
                rows += w.get();
            }
            pool.shutdown();
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT,
                    "ingest.bulk capture=%s in_flight=%d rows=%d seconds=%.1f rows_per_s=%.0f"
                            + " batch_ms p50=%.1f p99=%.1f max=%.1f%n",
                    capture, inFlight, rows, elapsed, rows / elapsed, latency.getValueAtPercentile(50) / 1e6,
                    latency.getValueAtPercentile(99) / 1e6, latency.getMaxValue() / 1e6);
        }
    }

    private static void post(HttpClient http, URI uri, int batch) throws Exception {
        send(http, uri, body(batch), batch);
    }

    private static String body(int batch) {
        StringBuilder csv = new StringBuilder(ROWS_PER_BATCH * 40).append("user_id,usage_date,kwh,peak_kwh\n");
        // 100 users x 100 days per batch; every batch writes new days, so every row is a real insert.
        LocalDate first = LocalDate.of(2000, 1, 1).plusDays(100L * batch);
        for (int u = 0; u < 100; u++) {
            for (int d = 0; d < 100; d++) {
                csv.append("bench-").append(u).append(',').append(first.plusDays(d)).append(',')
                        .append(10 + (u + d) % 20).append('.').append(d % 10).append(",4.5\n");
            }
        }
        return csv.toString();
    }

    private static void send(HttpClient http, URI uri, String body, int batch) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Batch " + batch + " failed: " + response.statusCode() + " " + response.body());
        }
    }
}
