package io.treebeard.demo;

import io.treebeard.schemas.json.Json;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The run command's one status line, refreshed every few seconds from query-api's status document (the console's
 * pipeline page reads the same): changes/s in, documents/s out, freshness p99 and consumer lag. On a terminal the line
 * is rewritten in place; into a pipe or file each refresh is a line of its own.
 */
final class StatusLine implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI status;
    private final PrintStream out;
    private final boolean terminal;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-status-line");
        t.setDaemon(true);
        return t;
    });

    StatusLine(String queryUrl, PrintStream out, boolean terminal) {
        this.status = URI.create(queryUrl + "/console/api/status");
        this.out = out;
        this.terminal = terminal;
    }

    /** Starts refreshing every {@code every}. */
    void start(Duration every) {
        timer.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        String line;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            line = r.statusCode() == 200 ? format(Json.mapper().readTree(r.body())) : "status: HTTP " + r.statusCode();
        } catch (java.io.IOException e) {
            line = "status unavailable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (terminal) {
            out.print("\r\033[2K[treebeard] " + line);
        } else {
            out.println("[treebeard] " + line);
        }
        out.flush();
    }

    /** The line for one status document. */
    static String format(JsonNode s) {
        JsonNode rates = s.get("rates");
        double p99 = -1;
        String stage = null;
        for (JsonNode f : s.get("freshness")) {
            if (!f.get("p99_ms").isNull() && f.get("p99_ms").asDouble() >= p99) {
                p99 = f.get("p99_ms").asDouble();
                stage = f.get("stage").asString();
            }
        }
        long lagRecords = 0;
        double lagSeconds = 0;
        for (JsonNode l : s.get("consumer_lag")) {
            lagRecords += l.path("records").asLong(0);
            lagSeconds = Math.max(lagSeconds, l.path("seconds").asDouble(0));
        }
        long down = 0;
        for (JsonNode service : s.get("services")) {
            down += service.get("up").asBoolean() ? 0 : 1;
        }
        return String.format(Locale.ROOT, "in %s changes/s | out %s documents/s | freshness p99 %s | lag %d records, %.1f s%s",
                rate(rates.get("changes_in_per_s")), rate(rates.get("documents_out_per_s")),
                stage == null ? "n/a" : String.format(Locale.ROOT, "%.0f ms (%s)", p99, stage), lagRecords, lagSeconds,
                down == 0 ? "" : " | " + down + " service(s) down");
    }

    private static String rate(JsonNode value) {
        return value == null || value.isNull() ? "-" : String.format(Locale.ROOT, "%.1f", value.asDouble());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (terminal) {
            out.println();
        }
    }
}
