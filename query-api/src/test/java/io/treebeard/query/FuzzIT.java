package io.treebeard.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/** Thousands of generated malformed requests (deterministic seed): the API answers every one, never with a 5xx. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzIT {

    private static final long SEED = 20261126L;
    private static final int REQUESTS = 2_400;
    private static final int IN_FLIGHT = 16;
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO"};
    private static final String[] TEMPLATES = {
        "/api/v1/recommendations/{id}", "/api/v1/plans/{id}", "/api/v1/users/{id}/profile", "/api/v1/users/{id}/usage-analysis",
        "/api/v1/plans/catalog?{query}", "/admin/query-analysis?{query}", "/api/v1/{id}", "/{id}", "/api/v1/users/{id}/{id}",
        "/api/v1/plans/catalog/{id}", "/openapi.json?{query}", "/actuator/{id}"
    };
    private static final String[] PARAMS = {"region", "min_renewable", "max_contract_months", "limit", "cursor", "mode", "x"};
    private static final String[] NASTY = {"%", "%2", "%zz", "%00", "%2F", "%2e%2e", "..", "%C3%28", "%E2%82", "%FF%FE", "%20", "+",
        "%0D%0A", "'", "%22", "%3C%3E", "%25", "~", "!", "$", "*", "(", ")", ",", ";", "=", "@", "%F0%9F%98%80", "1e999", "-1",
        "NaN", "0x10", "99999999999999999999", "null", "%7B%7D", "\\u0000"};

    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack stack) {
        QueryTestSupport.database(stack, "query_fuzz");
        app = QueryTestSupport.start(stack, "query_fuzz");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void generatedMalformedRequestsNeverGetAServerError() {
        Random random = new Random(SEED);
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        int sent = 0;
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        while (sent < REQUESTS) {
            HttpRequest request = request(random, base);
            if (request == null) {
                continue;
            }
            sent++;
            String described = request.method() + " " + request.uri();
            batch.add(QueryTestSupport.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                synchronized (byStatus) {
                    int status = error != null ? -1 : response.statusCode();
                    byStatus.merge(status, 1, Integer::sum);
                    if (status >= 500 || status < 0) {
                        serverErrors.add(status + " " + described + (error != null ? " " + error : " " + response.body()));
                    }
                }
                return null;
            }));
            if (batch.size() == IN_FLIGHT) {
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
                batch.clear();
            }
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();

        assertThat(sent).isGreaterThanOrEqualTo(2_000);
        assertThat(serverErrors).as("statuses %s", byStatus).isEmpty();
        assertThat(byStatus.keySet()).contains(400, 404, 405);
    }

    private static HttpRequest request(Random random, String base) {
        String template = TEMPLATES[random.nextInt(TEMPLATES.length)];
        String path = template.replace("{query}", query(random));
        while (path.contains("{id}")) {
            path = path.replaceFirst("\\{id}", java.util.regex.Matcher.quoteReplacement(segment(random)));
        }
        URI uri;
        try {
            uri = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String method = METHODS[random.nextInt(METHODS.length)];
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, method.equals("GET") || method.equals("HEAD") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(segment(random)));
        try {
            if (random.nextInt(3) == 0) {
                builder.header("X-Request-ID", headerValue(random));
            }
            // Most requests carry the valid key so that they reach routing and validation; the rest a garbage one or none.
            int auth = random.nextInt(8);
            if (auth < 5) {
                builder.header("Authorization", QueryTestSupport.BEARER);
            } else if (auth < 7) {
                builder.header("Authorization", "Bearer " + headerValue(random));
            }
            if (random.nextInt(4) == 0) {
                builder.header("Accept", random.nextBoolean() ? "text/html" : headerValue(random));
            }
            if (random.nextInt(5) == 0) {
                builder.header("X-API-Key", headerValue(random));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String segment(Random random) {
        StringBuilder s = new StringBuilder();
        int parts = random.nextInt(4);
        for (int i = 0; i <= parts; i++) {
            switch (random.nextInt(5)) {
                case 0 -> s.append(NASTY[random.nextInt(NASTY.length)]);
                case 1 -> s.append("x".repeat(random.nextInt(200)));
                case 2 -> s.append("u-").append(random.nextInt(1000));
                case 3 -> s.append("/");
                default -> s.append((char) ('a' + random.nextInt(26)));
            }
        }
        return s.toString();
    }

    private static String query(Random random) {
        StringBuilder q = new StringBuilder();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                q.append(random.nextInt(8) == 0 ? "&&" : "&");
            }
            q.append(random.nextInt(6) == 0 ? segment(random) : PARAMS[random.nextInt(PARAMS.length)]);
            if (random.nextInt(6) != 0) {
                q.append('=').append(random.nextBoolean() ? segment(random) : Integer.toString(random.nextInt(1200) - 100));
            }
        }
        return q.toString();
    }

    private static String headerValue(Random random) {
        StringBuilder s = new StringBuilder();
        int len = random.nextInt(300);
        for (int i = 0; i < len; i++) {
            s.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return s.toString();
    }
}
