package io.treebeard.query;

import static io.treebeard.query.QueryTestSupport.send;
import static io.treebeard.query.QueryTestSupport.sendWithoutKey;
import static io.treebeard.query.QueryTestSupport.versionedSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.json.Json;
import io.treebeard.service.auth.ApiKeys;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Read keys are always on (read right for data, admin right for /admin), and per-client rate limiting by configuration. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

    private static final String KEY = "reader-key-for-tests";
    private static final String OTHER_KEY = "other-reader-key";
    private static final String ADMIN_KEY = "operator-key-for-tests";

    private LocalStack stack;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack localStack) {
        stack = localStack;
        QueryTestSupport.database(stack, "query_security");
        app = QueryTestSupport.start(stack, "query_security",
                "--treebeard.query.security.keys[2].name=dashboard",
                "--treebeard.query.security.keys[2].sha256=" + ApiKeys.sha256(KEY),
                "--treebeard.query.security.keys[2].rights=read",
                "--treebeard.query.security.keys[3].name=mobile",
                "--treebeard.query.security.keys[3].sha256=" + ApiKeys.sha256(OTHER_KEY),
                "--treebeard.query.security.keys[3].rights=read",
                "--treebeard.query.security.keys[4].name=operator",
                "--treebeard.query.security.keys[4].sha256=" + ApiKeys.sha256(ADMIN_KEY),
                "--treebeard.query.security.keys[4].rights=admin",
                "--treebeard.query.security.rate-limit.enabled=true",
                "--treebeard.query.security.rate-limit.requests-per-second=1",
                "--treebeard.query.security.rate-limit.burst=3");
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void requestsWithoutAKnownKeyAre401Problems() throws Exception {
        HttpResponse<String> none = sendWithoutKey(app, "GET", "/api/v1/plans/sec-p");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        JsonNode problem = Json.mapper().readTree(none.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://treebeard.io/problems/401");
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo("Authorization");
        assertThat(send(app, "GET", "/api/v1/plans/sec-p", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(sendWithoutKey(app, "GET", "/admin/query-analysis?mode=pool").statusCode()).isEqualTo(401);
    }

    @Test
    void adminRoutesNeedTheAdminRightAndReadsTheReadRight() throws Exception {
        HttpResponse<String> reader = send(app, "GET", "/admin/query-analysis?mode=pool", "Authorization", "Bearer " + OTHER_KEY);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.mapper().readTree(reader.body()).path("detail").asString()).contains("mobile").contains("admin");

        assertThat(send(app, "GET", "/admin/query-analysis?mode=pool", "Authorization", "Bearer " + ADMIN_KEY).statusCode())
                .isEqualTo(200);
        assertThat(send(app, "GET", "/api/v1/plans/sec-p", "Authorization", "Bearer " + ADMIN_KEY).statusCode()).isEqualTo(403);
    }

    @Test
    void eachClientHasItsOwnBucketAndAnEmptyOneGets429WithRetryAfter() throws Exception {
        versionedSet(stack, CacheKeys.plan("sec-p"), 1, "{\"plan_id\":\"sec-p\"}");
        for (int i = 0; i < 3; i++) {
            assertThat(send(app, "GET", "/api/v1/plans/sec-p", "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
        }
        // One token a second refills the bucket: on a stalled machine a request may still find one, so look for the 429.
        HttpResponse<String> limited = send(app, "GET", "/api/v1/plans/sec-p", "Authorization", "Bearer " + KEY);
        for (int i = 0; i < 20 && limited.statusCode() != 429; i++) {
            limited = send(app, "GET", "/api/v1/plans/sec-p", "Authorization", "Bearer " + KEY);
        }
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();

        assertThat(send(app, "GET", "/api/v1/plans/sec-p", "X-API-Key", OTHER_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void aServiceWithAPlaceholderOrEmptySecretRefusesToStartNamingTheKey() {
        for (String secret : new String[] {"change-me-reader", ""}) {
            assertThatThrownBy(() -> io.treebeard.service.TreeBeardApplication.create(QueryApplication.class).run(
                    "--server.port=0", "--treebeard.secrets.allow-placeholders=false",
                    "--treebeard.query.database.url=" + stack.postgres().jdbcUrl("query_security"),
                    "--treebeard.query.database.password=" + secret, "--treebeard.query.redis.uri=" + stack.redis().uri()))
                    .hasStackTraceContaining("treebeard.query.database.password").hasStackTraceContaining("placeholder");
        }
    }

    @Test
    void aServiceWithoutKeysRefusesToStartNamingTheKey() {
        assertThatThrownBy(() -> io.treebeard.service.TreeBeardApplication.create(QueryApplication.class).run(
                "--server.port=0", "--treebeard.query.database.url=" + stack.postgres().jdbcUrl("query_security"),
                "--treebeard.query.redis.uri=" + stack.redis().uri()))
                .hasStackTraceContaining("treebeard.query.security.keys");
    }
}
