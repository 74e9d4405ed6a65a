package io.treebeard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.treebeard.schemas.cache.KeyType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read API client against a local HTTP server that answers as query-api does. */
class ApiTargetTest {

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
    private HttpServer server;
    private ApiTarget api;

    private record Answer(int status, String cacheStatus, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String uri = exchange.getRequestURI().toString();
            requested.add(uri);
            Answer a = answers.getOrDefault(uri, new Answer(404, null, "{\"status\": 404}"));
            if (a.cacheStatus() != null) {
                exchange.getResponseHeaders().add("X-Cache-Status", a.cacheStatus());
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        api = new ApiTarget("http://127.0.0.1:" + server.getAddress().getPort() + "/", null);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aDocumentIsServedWithItsCacheStatus() {
        answers.put("/api/v1/users/u%3A1/profile", new Answer(200, "HIT", "{\"user_id\": \"u:1\"}"));
        Served served = api.get(KeyType.PROFILE, "u:1");
        assertThat(served.present()).isTrue();
        assertThat(served.detail()).isEqualTo("X-Cache-Status: HIT");
    }

    @Test
    void a404IsAbsent() {
        Served served = api.get(KeyType.RECOMMENDATION, "gone");
        assertThat(served.present()).isFalse();
        assertThat(served.error()).isNull();
    }

    @Test
    void aDataAnswerWithoutCacheStatusIsAnError() {
        answers.put("/api/v1/plans/p", new Answer(200, null, "{}"));
        assertThat(api.get(KeyType.PLAN, "p").error()).contains("X-Cache-Status");
    }

    @Test
    void aServerErrorIsAnError() {
        answers.put("/api/v1/users/u/usage-analysis", new Answer(503, null, "{\"title\": \"unavailable\"}"));
        assertThat(api.get(KeyType.USAGE_ANALYSIS, "u").error()).startsWith("HTTP 503");
    }

    @Test
    void aCatalogIsReadPageByPageAndComparedWhole() {
        answers.put("/api/v1/plans/catalog?region=R&limit=500", new Answer(200, "HIT",
                "{\"region\": \"R\", \"version\": 4, \"plans\": [{\"plan_id\": \"a\"}], \"next_cursor\": \"a\"}"));
        answers.put("/api/v1/plans/catalog?region=R&limit=500&cursor=a", new Answer(200, "HIT",
                "{\"region\": \"R\", \"version\": 4, \"plans\": [{\"plan_id\": \"b\"}], \"next_cursor\": null}"));
        Served served = api.get(KeyType.CATALOG, "R");
        String whole = "{\"region\": \"R\", \"version\": 0, \"plans\": [{\"plan_id\": \"a\"}, {\"plan_id\": \"b\"}]}";
        assertThat(DocumentComparison.compare(DocumentComparison.parse(whole), served.document())).isEmpty();
        assertThat(requested).hasSize(2);
    }
}
