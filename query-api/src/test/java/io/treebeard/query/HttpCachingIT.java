package io.treebeard.query;

import static io.treebeard.query.QueryTestSupport.FLAT;
import static io.treebeard.query.QueryTestSupport.execute;
import static io.treebeard.query.QueryTestSupport.plan;
import static io.treebeard.query.QueryTestSupport.send;
import static io.treebeard.query.QueryTestSupport.versionedSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/** ETags, 304s, Cache-Control, Vary and gzip on the real stack (docs/api.md, "HTTP caching"). */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpCachingIT {

    private LocalStack stack;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack localStack) throws Exception {
        stack = localStack;
        DataSource db = QueryTestSupport.database(stack, "query_http_caching");
        execute(db, plan("hc-a", "HC-R", true, 10, 12, FLAT),
                "INSERT INTO user_profile (user_id, region) VALUES ('hc-u1', 'HC-R')");
        app = QueryTestSupport.start(stack, "query_http_caching");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void versionedDocumentIsRevalidatedWith304AndNoBody() throws Exception {
        versionedSet(stack, CacheKeys.recommendation("hc-v"), 42, "{\"user_id\":\"hc-v\",\"version\":42,\"status\":\"ok\"}");

        HttpResponse<String> first = send(app, "GET", "/api/v1/recommendations/hc-v");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).hasValue("W/\"v42\"");
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
        assertThat(first.headers().allValues("Vary")).containsExactly("Accept-Encoding, Authorization, X-API-Key");

        HttpResponse<String> again = send(app, "GET", "/api/v1/recommendations/hc-v", "If-None-Match", "W/\"v42\"");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue("W/\"v42\"");

        versionedSet(stack, CacheKeys.recommendation("hc-v"), 43, "{\"user_id\":\"hc-v\",\"version\":43,\"status\":\"ok\"}");
        HttpResponse<String> changed = send(app, "GET", "/api/v1/recommendations/hc-v", "If-None-Match", "W/\"v42\"");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).hasValue("W/\"v43\"");
    }

    @Test
    void documentComputedOnTheReadPathHasNoEtag() throws Exception {
        HttpResponse<String> computed = send(app, "GET", "/api/v1/users/hc-u1/usage-analysis");
        assertThat(computed.statusCode()).isEqualTo(200);
        assertThat(computed.body()).contains("\"version\":null");
        assertThat(computed.headers().firstValue("ETag")).isEmpty();
        assertThat(send(app, "GET", "/api/v1/users/hc-u1/usage-analysis", "If-None-Match", "*").statusCode()).isEqualTo(200);
    }

    @Test
    void planHasAContentEtagAndPublicFreshnessKeyedByTheKey() throws Exception {
        HttpResponse<String> plan = send(app, "GET", "/api/v1/plans/hc-a");
        assertThat(plan.statusCode()).isEqualTo(200);
        String etag = plan.headers().firstValue("ETag").orElseThrow();
        assertThat(plan.headers().firstValue("Cache-Control")).hasValue("public, max-age=60, stale-while-revalidate=300");
        assertThat(plan.headers().firstValue("Vary")).hasValue("Accept-Encoding, Authorization, X-API-Key");
        assertThat(send(app, "GET", "/api/v1/plans/hc-a", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(send(app, "GET", "/api/v1/catalog-nothing").headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void largeJsonIsGzippedWhenAcceptedAndSmallJsonIsNot() throws Exception {
        String big = "{\"user_id\":\"hc-big\",\"version\":1,\"pad\":\"" + "x".repeat(4000) + "\"}";
        versionedSet(stack, CacheKeys.recommendation("hc-big"), 1, big);
        HttpRequest request = HttpRequest.newBuilder(QueryTestSupport.uri(app, "/api/v1/recommendations/hc-big"))
                .timeout(Duration.ofSeconds(15)).header("Accept-Encoding", "gzip").header("Authorization", QueryTestSupport.BEARER).build();

        HttpResponse<byte[]> zipped = QueryTestSupport.HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.body().length).isLessThan(big.length() / 4);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(big);
        }
        versionedSet(stack, CacheKeys.recommendation("hc-small"), 1, "{\"user_id\":\"hc-small\",\"version\":1}");
        HttpResponse<byte[]> small = QueryTestSupport.HTTP.send(HttpRequest.newBuilder(
                QueryTestSupport.uri(app, "/api/v1/recommendations/hc-small")).header("Accept-Encoding", "gzip")
                .header("Authorization", QueryTestSupport.BEARER).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
    }
}
