package io.treebeard.audit;

import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The read API (contract section 5) as a client sees it. A 200 is a document, a 404 is absent; anything else (and a
 * data answer without a valid {@code X-Cache-Status}) is an error. A regional catalog is read page by page
 * ({@code limit=500}, following {@code next_cursor}) and compared whole.
 */
final class ApiTarget {

    static final String CACHE_STATUS = "X-Cache-Status";
    private static final Set<String> CACHE_STATUSES = Set.of("HIT", "MISS", "BYPASS");
    private static final int PAGE_LIMIT = 500;
    private static final int MAX_PAGES = 10_000;
    private static final int RATE_LIMIT_RETRIES = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String base;
    private final String apiKey;

    /**
     * @param baseUrl e.g. {@code http://localhost:8080}
     * @param apiKey  sent as {@code X-API-Key} when not null (only needed when the API has read keys configured)
     */
    ApiTarget(String baseUrl, String apiKey) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
    }

    /** What the API answers for one document. */
    Served get(KeyType type, String id) {
        String path = switch (type) {
            case RECOMMENDATION -> "/api/v1/recommendations/" + encode(id);
            case PROFILE -> "/api/v1/users/" + encode(id) + "/profile";
            case USAGE_ANALYSIS -> "/api/v1/users/" + encode(id) + "/usage-analysis";
            case PLAN -> "/api/v1/plans/" + encode(id);
            case CATALOG -> null;
        };
        return path == null ? catalog(id) : document(path);
    }

    private Served document(String path) {
        HttpResponse<byte[]> response = send(path);
        if (response.statusCode() == 404) {
            return Served.absent("HTTP 404");
        }
        return parsed(response);
    }

    private Served catalog(String region) {
        String first = "/api/v1/plans/catalog?region=" + encode(region) + "&limit=" + PAGE_LIMIT;
        Set<String> statuses = new LinkedHashSet<>();
        ObjectNode whole = null;
        ArrayNode plans = Json.mapper().createArrayNode();
        String next = null;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            Served page = parsed(send(next == null ? first : first + "&cursor=" + encode(next)));
            if (!page.present()) {
                return page;
            }
            statuses.add(page.detail());
            JsonNode doc = page.document();
            if (whole == null) {
                whole = (ObjectNode) doc.deepCopy();
            }
            doc.path("plans").values().forEach(plans::add);
            JsonNode cursor = doc.get("next_cursor");
            if (cursor == null || cursor.isNull()) {
                // The pages are one catalog: next_cursor is paging, not content.
                whole.remove("next_cursor");
                whole.set("plans", plans);
                return Served.of(whole, String.join(", ", statuses));
            }
            if (cursor.asString().equals(next)) {
                return Served.error("catalog paging does not advance at cursor " + next);
            }
            next = cursor.asString();
        }
        return Served.error("catalog of " + region + " has more than " + MAX_PAGES + " pages");
    }

    private static Served parsed(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return Served.error("HTTP " + response.statusCode() + ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body));
        }
        String status = response.headers().firstValue(CACHE_STATUS).orElse(null);
        if (status == null || !CACHE_STATUSES.contains(status)) {
            return Served.error("data answer without a valid " + CACHE_STATUS + " (" + status + ")");
        }
        try {
            return Served.of(DocumentComparison.parse(response.body()), CACHE_STATUS + ": " + status);
        } catch (RuntimeException e) {
            return Served.error("body is not JSON: " + e.getMessage());
        }
    }

    private HttpResponse<byte[]> send(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT).GET()
                .header("Accept", "application/json");
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        HttpRequest built = request.build();
        HttpResponse<byte[]> response = call(built, 0);
        // The read API rate-limits per client; an audit is one client reading many keys, so it waits and asks again.
        for (int retry = 1; response.statusCode() == 429 && retry <= RATE_LIMIT_RETRIES; retry++) {
            response = call(built, 100L << retry);
        }
        return response;
    }

    private HttpResponse<byte[]> call(HttpRequest request, long delayMillis) {
        try {
            return callLater(request, delayMillis).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof AuditException cause ? cause : e;
        }
    }

    private CompletableFuture<HttpResponse<byte[]>> callLater(HttpRequest request, long delayMillis) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new AuditException("the read API did not answer " + request.uri() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuditException("interrupted while calling the read API", e);
            }
        }, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
