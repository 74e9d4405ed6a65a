package io.treebeard.query.console;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.treebeard.query.console.PrometheusText.Sample;
import io.treebeard.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one small JSON document behind the console's pipeline page (and the run command's status line): it scrapes the
 * configured Prometheus endpoints of the other services ({@code treebeard.query.console.scrape.<service>}), reads
 * query-api's own meters, and condenses them into per-stage freshness, consumer lag, rates, cache hit rates, DLQ
 * counts and the last rebuild. Scraping is what Prometheus itself does, so the services need nothing new; the answer is
 * kept for {@code cacheFor}, so any number of open consoles costs one scrape per service per period.
 */
public final class PipelineStatus {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineStatus.class);

    /** The freshness timers of names.md, in pipeline order, with the tag that tells their series apart. */
    static final List<String[]> STAGES = List.of(
            new String[] {"capture", "treebeard_ingest_capture_freshness_seconds", "topic"},
            new String[] {"recommender", "treebeard_recommender_output_freshness_seconds", "output"},
            new String[] {"redis", "treebeard_projector_redis_freshness_seconds", "type"},
            new String[] {"read model", "treebeard_projector_readmodel_freshness_seconds", null});

    private final Map<String, URI> targets;
    private final Duration timeout;
    private final Duration cacheFor;
    private final MeterRegistry own;
    private final Clock clock;
    private final HttpClient http;

    private CompletableFuture<byte[]> cached;
    private long cachedAt;
    private Totals previous;

    /** Counter totals of one scrape, for the rates of the next. */
    record Totals(long atMillis, double changes, double documents) {
    }

    /**
     * @param targets  service name to its Prometheus endpoint
     * @param timeout  per scrape; a service slower than this shows as down
     * @param cacheFor how long one answer is served to every caller
     * @param own      query-api's own registry (cache hit rates)
     */
    public PipelineStatus(Map<String, URI> targets, Duration timeout, Duration cacheFor, MeterRegistry own, Clock clock) {
        this.targets = new TreeMap<>(targets);
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.own = own;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The status document (JSON bytes), at most {@code cacheFor} old. */
    public synchronized CompletableFuture<byte[]> status() {
        long now = clock.millis();
        if (cached == null || now - cachedAt >= cacheFor.toMillis()) {
            cachedAt = now;
            cached = collect(now);
        }
        return cached;
    }

    private CompletableFuture<byte[]> collect(long now) {
        Map<String, CompletableFuture<Scrape>> scrapes = new LinkedHashMap<>();
        targets.forEach((service, uri) -> scrapes.put(service, scrape(service, uri)));
        return CompletableFuture.allOf(scrapes.values().toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    List<Scrape> results = scrapes.values().stream().map(CompletableFuture::join).toList();
                    return Json.mapper().writeValueAsBytes(document(now, results));
                });
    }

    /** One service's scrape: its samples, or why there are none. */
    record Scrape(String service, URI uri, List<Sample> samples, String error) {
    }

    private CompletableFuture<Scrape> scrape(String service, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "text/plain").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> r.statusCode() == 200 ? new Scrape(service, uri, PrometheusText.parse(r.body()), null)
                        : new Scrape(service, uri, List.of(), "HTTP " + r.statusCode()))
                .exceptionally(e -> {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    LOG.debug("Could not scrape {} at {}", service, uri, cause);
                    return new Scrape(service, uri, List.of(), cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
                });
    }

    ObjectNode document(long now, List<Scrape> scrapes) {
        List<Sample> all = new ArrayList<>();
        scrapes.forEach(s -> all.addAll(s.samples()));
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("generated_at", java.time.Instant.ofEpochMilli(now).toString());
        ArrayNode services = doc.putArray("services");
        ObjectNode self = services.addObject();
        self.put("service", "query-api").put("up", true).putNull("error");
        for (Scrape s : scrapes) {
            services.addObject().put("service", s.service()).put("up", s.error() == null).put("error", s.error());
        }
        freshness(doc.putArray("freshness"), all);
        lag(doc.putArray("consumer_lag"), scrapes);
        rates(doc.putObject("rates"), now, all);
        cache(doc.putArray("cache"));
        dlq(doc.putArray("dlq"), scrapes);
        rebuild(doc.putObject("rebuild"), all);
        return doc;
    }

    private static void freshness(ArrayNode out, List<Sample> all) {
        for (String[] stage : STAGES) {
            Map<String, Double[]> bySeries = new TreeMap<>();
            String quantiles = stage[1];
            for (Sample s : all) {
                if (s.name().equals(quantiles) && s.label("quantile") != null) {
                    String key = stage[2] == null ? "" : String.valueOf(s.label(stage[2]));
                    Double[] p = bySeries.computeIfAbsent(key, k -> new Double[2]);
                    if ("0.5".equals(s.label("quantile"))) {
                        p[0] = s.value();
                    } else if ("0.99".equals(s.label("quantile"))) {
                        p[1] = s.value();
                    }
                }
            }
            if (bySeries.isEmpty()) {
                // Histogram only (no published percentiles): estimate from the cumulative buckets, as histogram_quantile does.
                Map<String, TreeMap<Double, Double>> buckets = new TreeMap<>();
                for (Sample s : all) {
                    if (s.name().equals(quantiles + "_bucket") && s.label("le") != null) {
                        String key = stage[2] == null ? "" : String.valueOf(s.label(stage[2]));
                        double le = "+Inf".equals(s.label("le")) ? Double.POSITIVE_INFINITY : Double.parseDouble(s.label("le"));
                        buckets.computeIfAbsent(key, k -> new TreeMap<>()).merge(le, s.value(), Double::sum);
                    }
                }
                buckets.forEach((key, b) -> bySeries.put(key, new Double[] {quantile(b, 0.5), quantile(b, 0.99)}));
            }
            if (bySeries.isEmpty()) {
                ObjectNode row = out.addObject().put("stage", stage[0]).put("metric", stage[1]);
                row.putNull("series");
                row.putNull("p50_ms");
                row.putNull("p99_ms");
                continue;
            }
            bySeries.forEach((series, p) -> {
                ObjectNode row = out.addObject().put("stage", stage[0]).put("metric", stage[1]);
                row.put("series", series.isEmpty() ? null : series);
                putMillis(row, "p50_ms", p[0]);
                putMillis(row, "p99_ms", p[1]);
            });
        }
    }

    /** Linear interpolation inside the bucket holding the q-th observation; null without observations. */
    static Double quantile(TreeMap<Double, Double> cumulative, double q) {
        double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                if (e.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = e.getValue() - lowerCount;
                return inBucket <= 0 ? e.getKey() : lowerBound + (e.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = e.getKey();
            lowerCount = e.getValue();
        }
        return lowerBound;
    }

    private static void putMillis(ObjectNode row, String field, Double seconds) {
        if (seconds == null || seconds.isNaN()) {
            row.putNull(field);
        } else {
            row.put(field, Math.round(seconds * 10_000) / 10.0);
        }
    }

    private static void lag(ArrayNode out, List<Scrape> scrapes) {
        for (Scrape s : scrapes) {
            Map<String, ObjectNode> rows = new TreeMap<>();
            for (Sample sample : s.samples()) {
                boolean records = sample.name().equals("treebeard_consumer_lag_records");
                boolean seconds = sample.name().equals("treebeard_consumer_lag_seconds");
                if (records || seconds) {
                    String key = sample.label("group") + "|" + sample.label("topic");
                    ObjectNode row = rows.computeIfAbsent(key, k -> Json.mapper().createObjectNode().put("service", s.service())
                            .put("group", sample.label("group")).put("topic", sample.label("topic")));
                    if (records) {
                        row.put("records", (long) sample.value());
                    } else {
                        row.put("seconds", Math.round(sample.value() * 1000) / 1000.0);
                    }
                }
            }
            rows.values().forEach(out::add);
        }
    }

    private synchronized void rates(ObjectNode out, long now, List<Sample> all) {
        double changes = sum(all, s -> s.name().equals("treebeard_ingest_capture_events_total"));
        double documents = sum(all, s -> s.name().equals("treebeard_projector_writes_total") && !"rejected".equals(s.label("outcome")));
        Totals current = new Totals(now, changes, documents);
        out.put("changes_total", (long) changes);
        out.put("documents_total", (long) documents);
        if (previous != null && now > previous.atMillis() && changes >= previous.changes() && documents >= previous.documents()) {
            double seconds = (now - previous.atMillis()) / 1000.0;
            out.put("changes_in_per_s", Math.round((changes - previous.changes()) / seconds * 10) / 10.0);
            out.put("documents_out_per_s", Math.round((documents - previous.documents()) / seconds * 10) / 10.0);
        } else {
            out.putNull("changes_in_per_s");
            out.putNull("documents_out_per_s");
        }
        previous = current;
    }

    private void cache(ArrayNode out) {
        Map<String, double[]> byType = new TreeMap<>();
        for (FunctionCounter c : own.find("treebeard.query.cache.hits").functionCounters()) {
            byType.computeIfAbsent(c.getId().getTag("type"), k -> new double[2])[0] = c.count();
        }
        for (FunctionCounter c : own.find("treebeard.query.cache.misses").functionCounters()) {
            byType.computeIfAbsent(c.getId().getTag("type"), k -> new double[2])[1] = c.count();
        }
        byType.forEach((type, hm) -> {
            ObjectNode row = out.addObject().put("type", type).put("hits", (long) hm[0]).put("misses", (long) hm[1]);
            double total = hm[0] + hm[1];
            if (total == 0) {
                row.putNull("hit_ratio");
            } else {
                row.put("hit_ratio", Math.round(hm[0] / total * 10_000) / 10_000.0);
            }
        });
    }

    private static void dlq(ArrayNode out, List<Scrape> scrapes) {
        for (Scrape s : scrapes) {
            for (Sample sample : s.samples()) {
                if (sample.name().startsWith("treebeard_") && sample.name().contains("_dlq_") && sample.name().endsWith("_total")) {
                    out.addObject().put("service", s.service()).put("metric", sample.name()).put("records", (long) sample.value());
                }
            }
        }
    }

    private static void rebuild(ObjectNode out, List<Sample> all) {
        Double running = first(all, "treebeard_projector_rebuild_running");
        Double rebuilds = first(all, "treebeard_projector_rebuilds_total");
        Double keys = first(all, "treebeard_projector_rebuild_keys");
        Double total = first(all, "treebeard_projector_rebuild_total_keys");
        if (running == null) {
            out.putNull("running");
        } else {
            out.put("running", running > 0);
        }
        putLong(out, "rebuilds", rebuilds);
        putLong(out, "keys", keys);
        putLong(out, "total", total);
    }

    private static void putLong(ObjectNode out, String field, Double value) {
        if (value == null || value.isNaN()) {
            out.putNull(field);
        } else {
            out.put(field, value.longValue());
        }
    }

    private static Double first(List<Sample> all, String name) {
        return all.stream().filter(s -> s.name().equals(name)).map(Sample::value).findFirst().orElse(null);
    }

    private static double sum(List<Sample> all, Predicate<Sample> which) {
        return all.stream().filter(which).mapToDouble(Sample::value).sum();
    }
}
