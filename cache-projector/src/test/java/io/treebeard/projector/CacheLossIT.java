package io.treebeard.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.projector.core.Projection;
import io.treebeard.projector.metrics.ProjectorMetrics;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/** Redis lost while updates flow: stopped for 10 s, or flushed. Nothing is lost and nothing older wins. */
@ExtendWith(LocalStackExtension.class)
class CacheLossIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String GROUP = "projector-it-loss-" + RUN;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ProjectorTestSupport support;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start(LocalStack stack) {
        support = new ProjectorTestSupport(stack);
        app = support.startProjector(GROUP);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        support.close();
    }

    /** Produces {@code versions} rounds of documents for {@code users} users, one round per tick; returns when all are sent. */
    private static ScheduledExecutorService produceRounds(String prefix, int users, int versions, Duration tick, AtomicInteger rounds) {
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        producer.scheduleAtFixedRate(() -> {
            int v = rounds.incrementAndGet();
            if (v > versions) {
                rounds.set(versions);
                producer.shutdown();
                return;
            }
            for (int u = 0; u < users; u++) {
                String user = prefix + u;
                support.send(Topics.RECOMMENDATIONS, user, Fixtures.doc(user, v));
            }
            support.producer.flush();
        }, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        return producer;
    }

    private static boolean allAt(String prefix, int users, int version) {
        for (int u = 0; u < users; u++) {
            Long v = support.version(CacheKeys.recommendation(prefix + u));
            if (v == null || v != version) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits for the read model too (Redis can be complete first: the rebuild fills Redis from the topic while the live
     * consumer is still working off the backlog it holds for both stores), then checks every user in both.
     */
    private static void assertFinalState(String prefix, int users, int version) throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> support.rowsAt(prefix, version) == users);
        for (int u = 0; u < users; u++) {
            String user = prefix + u;
            assertThat(support.data(CacheKeys.recommendation(user)))
                    .isEqualTo(new String(Projection.toJson(Fixtures.doc(user, version)), StandardCharsets.UTF_8));
            assertThat(support.rowVersion(user)).as(user).isEqualTo(version);
        }
    }

    private static HttpResponse<String> health() throws Exception {
        String port = app.getEnvironment().getProperty("local.management.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void redisStoppedForTenSecondsWhileTenThousandUpdatesFlowLosesNothing() throws Exception {
        String prefix = "stop-" + RUN + "-";
        int users = 1000;
        int versions = 10;
        AtomicInteger rounds = new AtomicInteger();
        ProjectorMetrics metrics = app.getBean(ProjectorMetrics.class);
        ScheduledExecutorService producer = produceRounds(prefix, users, versions, Duration.ofMillis(1000), rounds);
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> rounds.get() >= 2 && support.version(CacheKeys.recommendation(prefix + 0)) != null);
            support.stack.redis().stop();
            long stoppedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(metrics::isPaused);
            HttpResponse<String> down = health();
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"paused\":true");
            // Redis stays away 10 s in all, while the producer keeps sending.
            await().pollDelay(Duration.ofSeconds(10).minusNanos(System.nanoTime() - stoppedAt))
                    .atMost(Duration.ofSeconds(11)).until(() -> true);
            assertThat(metrics.isPaused()).isTrue();
            support.stack.redis().restart();
        } finally {
            support.stack.redis().restart();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> rounds.get() == versions && allAt(prefix, users, versions));
        assertFinalState(prefix, users, versions);
        await().atMost(Duration.ofSeconds(10)).until(() -> !metrics.isPaused());
        assertThat(health().statusCode()).isEqualTo(200);
        producer.shutdownNow();
    }

    @Test
    void flushAllDuringLiveUpdatesIsRebuiltWithoutAnOlderValueWinning() throws Exception {
        String prefix = "flush-" + RUN + "-";
        int users = 1000;
        int versions = 8;
        ProjectorMetrics metrics = app.getBean(ProjectorMetrics.class);
        // Values that no live update touches after the flush: only the rebuild can bring them back.
        String region = "RF-" + RUN;
        Plan plan = Fixtures.plan("pf-" + RUN, 0.1, true, region);
        support.send(Topics.PLANS, plan.planId(), Fixtures.planChange(null, plan, 5000));
        List<String> still = new ArrayList<>();
        for (int u = 0; u < 200; u++) {
            String user = "still-" + RUN + "-" + u;
            still.add(user);
            support.send(Topics.PROFILES, user, Fixtures.profile(user, 700, "R-1"));
            support.send(Topics.USAGE_ANALYSIS, user, Fixtures.usage(user, 4));
            support.send(Topics.RECOMMENDATIONS, user, Fixtures.doc(user, 6));
        }
        support.producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> support.version(CacheKeys.recommendation(still.get(199))) != null
                && support.version(CacheKeys.catalog(region)) != null);
        // The query API's hotness ranking: these users are rebuilt first, from the read model.
        for (int u = 0; u < 50; u++) {
            support.redis.zadd(CacheKeys.hotness(KeyType.RECOMMENDATION), 100 - u, still.get(u));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> app.getBean(io.treebeard.projector.rebuild.Rebuilder.class)
                .hottest().size() == 50);
        long rebuildsBefore = metrics.rebuildCount();

        AtomicInteger rounds = new AtomicInteger();
        ScheduledExecutorService producer = produceRounds(prefix, users, versions, Duration.ofMillis(600), rounds);
        await().atMost(Duration.ofSeconds(30)).until(() -> rounds.get() >= versions / 2);
        support.redis.flushall();
        await().atMost(Duration.ofSeconds(90)).until(() -> rounds.get() == versions && allAt(prefix, users, versions)
                && metrics.rebuildCount() > rebuildsBefore && !metrics.isRebuilding());
        producer.shutdownNow();

        assertFinalState(prefix, users, versions);
        for (String user : still) {
            assertThat(support.version(CacheKeys.recommendation(user))).as(user).isEqualTo(6);
            assertThat(support.version(CacheKeys.profile(user))).as(user).isEqualTo(700);
            assertThat(support.version(CacheKeys.usageAnalysis(user))).as(user).isEqualTo(4);
        }
        assertThat(support.data(CacheKeys.catalog(region))).contains(plan.planId());
        assertThat(support.version(CacheKeys.plan(plan.planId()))).isEqualTo(5000);
        assertThat(support.redis.exists(CacheKeys.GENERATION)).isEqualTo(1);
    }

    @Test
    void aFlushAllThatBlocksRedisLongerThanTheCommandTimeoutStillTriggersTheRebuild() throws Exception {
        String user = "slow-flush-" + RUN;
        support.send(Topics.RECOMMENDATIONS, user, Fixtures.doc(user, 3));
        support.producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> support.version(CacheKeys.recommendation(user)) != null);
        ProjectorMetrics metrics = app.getBean(ProjectorMetrics.class);
        long rebuildsBefore = metrics.rebuildCount();

        // FLUSHALL, then Redis stays busy for 3 s (three command timeouts): the watcher's SET NX of the marker times out
        // on the client but runs once Redis is free, so the marker is back without the watcher having been told it was
        // gone. A big FLUSHALL does exactly this (6.8 s for 1,000,000 keys in the benchmark suite).
        support.redis.eval("redis.replicate_commands(); redis.call('FLUSHALL');"
                + " local t = redis.call('TIME'); local stop = tonumber(t[1]) + 3;"
                + " while tonumber(redis.call('TIME')[1]) < stop do end; return 1", io.lettuce.core.ScriptOutputType.INTEGER);

        await().atMost(Duration.ofSeconds(60)).until(() -> metrics.rebuildCount() > rebuildsBefore && !metrics.isRebuilding()
                && support.version(CacheKeys.recommendation(user)) != null);
        assertThat(support.version(CacheKeys.recommendation(user))).isEqualTo(3);
    }
}
