package io.treebeard.query;

import static io.treebeard.query.QueryTestSupport.get;
import static io.treebeard.query.QueryTestSupport.versionedSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * query-api on a read-only Redis user, as docker-compose.yml runs it (there with Redis 7 selectors that also let it
 * write its leases and read statistics; the embedded Redis 6.2 here has no selectors, so the user reads only). Redis
 * refuses the user's writes, and the read API still answers: hits from the cache, misses from PostgreSQL, its refused
 * back-fills skipped.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisAclIT {

    private static final String USER = "acl-query-reader";
    private static final String PASSWORD = "acl-reader-secret";

    private LocalStack stack;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack localStack) throws Exception {
        stack = localStack;
        var db = QueryTestSupport.database(stack, "query_redis_acl");
        QueryTestSupport.execute(db, QueryTestSupport.plan("acl-p-db", "ACL", true, 10, 12, QueryTestSupport.FLAT));
        QueryTestSupport.redis(stack, c -> c.aclSetuser(USER, io.lettuce.core.AclSetuserArgs.Builder.on().addPassword(PASSWORD)
                .keyPattern("tb:*").addCommand(io.lettuce.core.protocol.CommandType.GET)
                .addCategory(io.lettuce.core.AclCategory.READ).addCategory(io.lettuce.core.AclCategory.CONNECTION)));
        URI redis = URI.create(stack.redis().uri());
        app = QueryTestSupport.start(stack, "query_redis_acl",
                "--treebeard.query.redis.uri=redis://" + USER + ":" + PASSWORD + "@" + redis.getHost() + ":" + redis.getPort());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        QueryTestSupport.redis(stack, c -> c.aclDeluser(USER));
    }

    @Test
    void theReadOnlyUserIsRefusedAWrite() {
        URI redis = URI.create(stack.redis().uri());
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(redis.getHost()).withPort(redis.getPort())
                .withAuthentication(USER, PASSWORD.toCharArray()).build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertThatThrownBy(() -> c.sync().hset(CacheKeys.plan("acl-forged"), "d", "{\"version\": 9223372036854775807}"))
                    .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("NOPERM");
            assertThat(c.sync().hget(CacheKeys.plan("acl-forged"), "d")).isNull();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theReadApiServesHitsAndMissesOnAReadOnlyUser() throws Exception {
        versionedSet(stack, CacheKeys.plan("acl-p-cached"), 3, "{\"plan_id\":\"acl-p-cached\"}");
        HttpResponse<String> hit = get(app, "/api/v1/plans/acl-p-cached");
        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(hit.headers().firstValue("X-Cache-Status")).hasValue("HIT");

        HttpResponse<String> miss = get(app, "/api/v1/plans/acl-p-db");
        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(miss.headers().firstValue("X-Cache-Status")).hasValue("MISS");
        // The back-fill was refused: the key is still absent, and the next read is served from PostgreSQL again.
        long present = QueryTestSupport.redis(stack, c -> c.exists(CacheKeys.plan("acl-p-db")));
        assertThat(present).isZero();
        assertThat(get(app, "/api/v1/plans/acl-p-db").statusCode()).isEqualTo(200);
    }
}
