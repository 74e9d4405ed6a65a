package io.treebeard.query;

import static io.treebeard.query.QueryTestSupport.execute;
import static io.treebeard.query.QueryTestSupport.get;
import static io.treebeard.query.QueryTestSupport.versionedSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.query.read.CacheCircuit;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/** Redis or PostgreSQL down: the API keeps answering, and recovers on its own. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DegradationIT {

    private LocalStack stack;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack localStack) throws Exception {
        stack = localStack;
        DataSource db = QueryTestSupport.database(stack, "query_degrade");
        execute(db, QueryTestSupport.plan("dg-p1", "DG", true, 20, 12, QueryTestSupport.FLAT),
                "INSERT INTO user_profile (user_id, region) SELECT 'dg-u' || i, 'DG' FROM generate_series(1, 60) i");
        app = QueryTestSupport.start(stack, "query_degrade", "--treebeard.query.redis.open-duration=200ms",
                "--treebeard.query.redis.failure-threshold=3");
    }

    @AfterAll
    void stop() {
        stack.redis().restart();
        stack.postgres().restart();
        if (app != null) {
            app.close();
        }
    }

    @Test
    void withRedisDownEveryReadIsServedFromTheDatabaseWithBypassAndTheCircuitClosesAfterRedisReturns() throws Exception {
        assertThat(get(app, "/api/v1/users/dg-u1/profile").statusCode()).isEqualTo(200);
        stack.redis().stop();
        List<HttpResponse<String>> responses = new ArrayList<>();
        try {
            for (int i = 1; i <= 60; i++) {
                responses.add(get(app, "/api/v1/users/dg-u" + i + "/profile"));
            }
            responses.add(get(app, "/api/v1/plans/dg-p1"));
            responses.add(get(app, "/api/v1/plans/catalog?region=DG"));
        } finally {
            stack.redis().restart();
        }

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Cache-Status")).hasValue("BYPASS");
        });
        CacheCircuit breaker = app.getBean(CacheCircuit.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> response = get(app, "/api/v1/users/dg-u2/profile");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Cache-Status")).isNotEqualTo(java.util.Optional.of("BYPASS"));
            assertThat(breaker.state()).isEqualTo(CacheCircuit.State.CLOSED);
        });
        assertThat(get(app, "/api/v1/users/dg-u2/profile").headers().firstValue("X-Cache-Status")).hasValue("HIT");
    }

    @Test
    void withPostgresDownHitsAreStillServedAndMissesGet503WithRetryAfter() throws Exception {
        versionedSet(stack, CacheKeys.plan("dg-cached"), 5, "{\"plan_id\":\"dg-cached\"}");
        stack.postgres().stop();
        try {
            HttpResponse<String> hit = get(app, "/api/v1/plans/dg-cached");
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(hit.headers().firstValue("X-Cache-Status")).hasValue("HIT");

            HttpResponse<String> miss = get(app, "/api/v1/plans/dg-not-cached");
            assertThat(miss.statusCode()).isEqualTo(503);
            assertThat(miss.headers().firstValue("Retry-After")).isPresent();
            assertThat(miss.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        } finally {
            stack.postgres().restart();
        }
        // Recovered: a miss is read from the database again (404: not cached, and the database says absent). Other
        // tests then start from a healthy pool, not from connections broken by the restart.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(get(app, "/api/v1/plans/dg-not-cached").statusCode()).isEqualTo(404));
    }
}
