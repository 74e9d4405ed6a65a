package io.treebeard.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.projector.core.Projection;
import io.treebeard.projector.metrics.ProjectorMetrics;
import io.treebeard.projector.redis.WriteOutcome;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The live projection on the real stack: replays and reorderings, selective catalog invalidation, poison records. */
@ExtendWith(LocalStackExtension.class)
class ProjectionIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String GROUP = "projector-it-projection-" + RUN;

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

    @Test
    void replayedAndReorderedEventsLeaveOnlyTheNewestVersionInRedisAndPostgres() throws Exception {
        int users = 50;
        int versions = 5;
        List<Supplier<ProducerRecord<String, byte[]>>> inOrder = new ArrayList<>();
        List<List<Supplier<ProducerRecord<String, byte[]>>>> perKey = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String user = "replay-" + RUN + "-" + u;
            List<Supplier<ProducerRecord<String, byte[]>>> recs = new ArrayList<>();
            List<Supplier<ProducerRecord<String, byte[]>>> profiles = new ArrayList<>();
            List<Supplier<ProducerRecord<String, byte[]>>> usages = new ArrayList<>();
            for (int v = 1; v <= versions; v++) {
                RecommendationDocument doc = Fixtures.doc(user, v);
                ProfileChange profile = Fixtures.profile(user, 100 + v, "R-" + v);
                UsageAnalysis usage = Fixtures.usage(user, v);
                recs.add(() -> record(Topics.RECOMMENDATIONS.name(), user, Topics.RECOMMENDATIONS.valueSerde().serializer()
                        .serialize(null, doc)));
                profiles.add(() -> record(Topics.PROFILES.name(), user,
                        Topics.PROFILES.valueSerde().serializer().serialize(null, profile)));
                usages.add(() -> record(Topics.USAGE_ANALYSIS.name(), user, Topics.USAGE_ANALYSIS.valueSerde().serializer()
                        .serialize(null, usage)));
            }
            inOrder.addAll(recs);
            inOrder.addAll(profiles);
            inOrder.addAll(usages);
            perKey.add(recs);
            perKey.add(profiles);
            perKey.add(usages);
        }
        // Twice in order, then shuffled within each key.
        for (int round = 0; round < 2; round++) {
            inOrder.forEach(r -> support.producer.send(r.get()));
        }
        Random random = new Random(42);
        for (List<Supplier<ProducerRecord<String, byte[]>>> key : perKey) {
            List<Supplier<ProducerRecord<String, byte[]>>> shuffled = new ArrayList<>(key);
            Collections.shuffle(shuffled, random);
            shuffled.forEach(r -> support.producer.send(r.get()));
        }
        support.producer.flush();

        await().atMost(Duration.ofSeconds(60)).until(() -> support.caughtUp(GROUP));
        ProjectorMetrics metrics = app.getBean(ProjectorMetrics.class);
        assertThat(metrics.writes(KeyType.RECOMMENDATION, WriteOutcome.REJECTED)).isPositive();
        for (int u = 0; u < users; u++) {
            String user = "replay-" + RUN + "-" + u;
            assertThat(support.version(CacheKeys.recommendation(user))).as(user).isEqualTo(versions);
            assertThat(support.data(CacheKeys.recommendation(user)))
                    .isEqualTo(new String(Projection.toJson(Fixtures.doc(user, versions)), StandardCharsets.UTF_8));
            assertThat(support.rowVersion(user)).as(user).isEqualTo(versions);
            assertThat(support.version(CacheKeys.profile(user))).isEqualTo(100 + versions);
            assertThat(support.data(CacheKeys.profile(user))).contains("\"region\":\"R-" + versions + "\"");
            assertThat(support.version(CacheKeys.usageAnalysis(user))).isEqualTo(versions);
            assertThat(support.redis.pttl(CacheKeys.recommendation(user))).isPositive();
        }
    }

    @Test
    void aPriceChangeInOneRegionLeavesTheOtherRegionsCatalogUntouched() throws Exception {
        String regionA = "RA-" + RUN;
        String regionB = "RB-" + RUN;
        Plan a1 = Fixtures.plan("pa1-" + RUN, 0.10, true, regionA);
        Plan a2 = Fixtures.plan("pa0-" + RUN, 0.12, true, regionA);
        Plan b1 = Fixtures.plan("pb1-" + RUN, 0.11, true, regionB);
        support.send(Topics.PLANS, a1.planId(), Fixtures.planChange(null, a1, 1000));
        support.send(Topics.PLANS, a2.planId(), Fixtures.planChange(null, a2, 1001));
        support.send(Topics.PLANS, b1.planId(), Fixtures.planChange(null, b1, 1002)).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> planIds(CacheKeys.catalog(regionB)).equals(List.of(b1.planId()))
                && planIds(CacheKeys.catalog(regionA)).equals(List.of(a2.planId(), a1.planId())));
        String catalogB = support.data(CacheKeys.catalog(regionB));
        long versionB = support.version(CacheKeys.catalog(regionB));
        long versionA = support.version(CacheKeys.catalog(regionA));
        String planB = support.data(CacheKeys.plan(b1.planId()));

        Plan a1Cheaper = Fixtures.plan(a1.planId(), 0.08, true, regionA);
        support.send(Topics.PLANS, a1.planId(), Fixtures.planChange(a1, a1Cheaper, 1003)).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> support.version(CacheKeys.catalog(regionA)) > versionA);

        assertThat(support.version(CacheKeys.catalog(regionB))).isEqualTo(versionB);
        assertThat(support.data(CacheKeys.catalog(regionB))).isEqualTo(catalogB);
        assertThat(support.data(CacheKeys.plan(b1.planId()))).isEqualTo(planB);
        JsonNode catalogA = Json.mapper().readTree(support.data(CacheKeys.catalog(regionA)));
        long rewritten = support.version(CacheKeys.catalog(regionA));
        assertThat(catalogA.get("region").asString()).isEqualTo(regionA);
        assertThat(catalogA.get("version").asLong()).isEqualTo(rewritten);
        assertThat(catalogA.get("plans")).hasSize(2);
        // plan_id code-point order: "pa0-..." before "pa1-...".
        assertThat(catalogA.get("plans").get(0).get("plan_id").asString()).isEqualTo(a2.planId());
        JsonNode cheaper = catalogA.get("plans").get(1);
        assertThat(cheaper.get("rate_structure").get("energy").get("rate").asDouble()).isEqualTo(0.08);
        assertThat(cheaper.get("efl_avg_price_cents_per_kwh").get("1000").decimalValue()).isEqualByComparingTo("8.5");

        // A replay of the older change changes no content, so no version; the plan key keeps the newer LSN.
        support.send(Topics.PLANS, a1.planId(), Fixtures.planChange(null, a1, 1000)).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> support.caughtUp(GROUP));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> support.version(CacheKeys.catalog(regionA)) == rewritten);
        assertThat(support.version(CacheKeys.plan(a1.planId()))).isEqualTo(1003);
    }

    private List<String> planIds(String catalogKey) {
        String data = support.data(catalogKey);
        if (data == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Json.mapper().readTree(data).get("plans").forEach(p -> ids.add(p.get("plan_id").asString()));
        return ids;
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndConsumptionContinues() throws Exception {
        String user = "poison-" + RUN;
        support.producer.send(record(Topics.RECOMMENDATIONS.name(), user, "{not json".getBytes(StandardCharsets.UTF_8)));
        support.send(Topics.RECOMMENDATIONS, user, Fixtures.doc(user, 3)).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> Long.valueOf(3).equals(support.version(CacheKeys.recommendation(user))));

        try (KafkaConsumer<String, DeadLetter> dlq = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, support.stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + RUN,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Topics.DLQ_PROJECTOR.keySerde().deserializer(), Topics.DLQ_PROJECTOR.valueSerde().deserializer())) {
            dlq.subscribe(List.of(Topics.DLQ_PROJECTOR.name()));
            List<DeadLetter> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, DeadLetter> r : dlq.poll(Duration.ofMillis(200))) {
                    if (user.equals(r.key())) {
                        letters.add(r.value());
                    }
                }
                return !letters.isEmpty();
            });
            DeadLetter letter = letters.get(0);
            assertThat(letter.stage()).isEqualTo("projector");
            assertThat(letter.sourceTopic()).isEqualTo(Topics.RECOMMENDATIONS.name());
            assertThat(letter.value()).isEqualTo("{not json");
            assertThat(letter.sourceOffset()).isNotNegative();
        }
        assertThat(app.getBean(ProjectorMetrics.class).deadLetters()).isPositive();
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key, value);
    }

}
