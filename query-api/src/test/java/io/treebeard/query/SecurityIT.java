package io.treebeard.query;

import static io.treebeard.query.QueryTestSupport.send;
import static io.treebeard.query.QueryTestSupport.versionedSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.query.web.ApiKeys;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/** Optional read keys and per-client rate limiting, both switched on by configuration. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

    private static final String KEY = "reader-key-for-tests";
    private static final String OTHER_KEY = "other-reader-key";

    private LocalStack stack;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack localStack) {
        stack = localStack;
        QueryTestSupport.database(stack, "query_security");
        app = QueryTestSupport.start(stack, "query_security",
                "--treebeard.query.security.keys[0].name=dashboard",
                "--treebeard.query.security.keys[0].sha256=" + ApiKeys.sha256(KEY),
                "--treebeard.query.security.keys[1].name=mobile",
                "--treebeard.query.security.keys[1].sha256=" + ApiKeys.sha256(OTHER_KEY),
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
        HttpResponse<String> none = send(app, "GET", "/api/v1/plans/sec-p");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(send(app, "GET", "/api/v1/plans/sec-p", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(send(app, "GET", "/admin/query-analysis?mode=pool").statusCode()).isEqualTo(401);
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
}
