package io.treebeard.recommender.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.recommender.StreamsRunner;
import io.treebeard.recommender.config.RecommenderConfig;
import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stall watch's remedy on a real broker: {@link StreamsRunner#restart} replaces a running client with a new one on
 * the same state directory, which reaches RUNNING, keeps the state of the old one (a plan change after the restart
 * still reaches the users loaded before it) and never publishes a version below one already published.
 */
@ExtendWith(LocalStackExtension.class)
class StreamsRestartIT {

    /** Ids of its own: the test JVM's Kafka and its fixed topic names are shared with the module's other ITs. */
    private static final String REGION = "RS-R";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final Map<String, RecommendationDocument> latest = new HashMap<>();
    private final List<String> regressions = new ArrayList<>();
    private long lsn = System.currentTimeMillis() * 1000;

    @Test
    void aRestartedClientResumesWithItsStateAndVersionsKeepRising(LocalStack stack) throws Exception {
        String kafka = stack.kafka().bootstrapServers();
        String id = "restart-it-" + UUID.randomUUID().toString().substring(0, 6);
        RecommenderConfig config = new RecommenderConfig(kafka, id, Files.createTempDirectory(id).toString(), 1, 0,
                Duration.ofMillis(100), 3, (short) 1, Duration.ZERO);
        try (StreamsRunner runner = new StreamsRunner(config, new RecommenderMetrics());
             KafkaProducer<byte[], byte[]> producer = producer(kafka);
             KafkaConsumer<String, RecommendationDocument> tail = tail(kafka, id)) {
            runner.start();
            send(producer, Topics.PLANS, "rs-p1", new PlanChange(ChangeOp.CREATE, "rs-p1", null, plan("rs-p1", 0.12), source()));
            for (int u = 1; u <= 3; u++) {
                String user = "rs-u" + u;
                send(producer, Topics.PROFILES, user, new ProfileChange(ChangeOp.CREATE, user, null,
                        new UserProfile(user, REGION, null, null, Preferences.NONE, NOW), source()));
                for (int m = 0; m < 3; m++) {
                    LocalDate day = LocalDate.of(2026, 6, 15).plusDays(30L * m);
                    send(producer, Topics.USAGE, user, new UsageChange(ChangeOp.UPDATE, user, day,
                            new UsageReading(user, day, new BigDecimal(300 + 10 * u), null), source()));
                }
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> poll(tail) >= 0 && latest.keySet().containsAll(List.of("rs-u1", "rs-u2", "rs-u3")));
            Map<String, Long> before = new HashMap<>();
            latest.forEach((user, doc) -> before.put(user, doc.version()));
            KafkaStreams first = runner.streams();

            runner.restart();

            assertThat(runner.streams()).isNotSameAs(first);
            assertThat(first.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            await().atMost(Duration.ofMinutes(1)).until(() -> runner.streams().state() == KafkaStreams.State.RUNNING);
            // Only the restored state knows these users are in the region: the plan change names none of them.
            send(producer, Topics.PLANS, "rs-p1", new PlanChange(ChangeOp.UPDATE, "rs-p1", plan("rs-p1", 0.12),
                    plan("rs-p1", 0.09), source()));
            producer.flush();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> poll(tail) >= 0 && before.entrySet().stream()
                            .allMatch(e -> latest.get(e.getKey()).version() > e.getValue()));
            assertThat(regressions).isEmpty();
        }
    }

    private int poll(KafkaConsumer<String, RecommendationDocument> consumer) {
        for (ConsumerRecord<String, RecommendationDocument> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.value() == null || !r.key().startsWith("rs-u")) {
                continue;
            }
            RecommendationDocument previous = latest.put(r.key(), r.value());
            if (previous != null && r.value().version() < previous.version()) {
                regressions.add(r.key() + ": " + previous.version() + " -> " + r.value().version());
            }
        }
        return latest.size();
    }

    private SourcePosition source() {
        return new SourcePosition(++lsn, lsn, NOW, false);
    }

    private static Plan plan(String planId, double rate) {
        return new Plan(planId, "Acme", planId, List.of(REGION), true, new RateStructure(4.95, new RateStructure.Flat(rate),
                List.of(), null), BigDecimal.TEN, 0, BigDecimal.ZERO, NOW);
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    private static KafkaProducer<byte[], byte[]> producer(String kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, RecommendationDocument> tail(String kafka, String id) {
        KafkaConsumer<String, RecommendationDocument> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, id + "-tail",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.RECOMMENDATIONS.keySerde().deserializer(), Topics.RECOMMENDATIONS.valueSerde().deserializer());
        consumer.subscribe(List.of(Topics.RECOMMENDATIONS.name()));
        return consumer;
    }
}
