package io.treebeard.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.TopicProvisioner;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class KafkaIT {

    @Test
    void topicHandleRoundTripsARecordThroughTheRealBroker(LocalStack stack) throws Exception {
        Topic<String, ProfileChange> topic = Topics.PROFILES;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(List.of(topic), 3, (short) 1);
        }
        UserProfile profile = new UserProfile("u-1", "TX-NORTH", "p-9", LocalDate.of(2027, 1, 31),
                new Preferences(50.0, 12, 3), Instant.parse("2026-11-25T10:00:00Z"));
        ProfileChange change = new ProfileChange(ChangeOp.CREATE, "u-1", null, profile,
                new SourcePosition(42L, 7L, Instant.parse("2026-11-25T10:00:00.123Z"), false));

        try (KafkaProducer<String, ProfileChange> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), change.userId(), change)).get();
        }

        try (KafkaConsumer<String, ProfileChange> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "kafka-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            List<ConsumerRecord<String, ProfileChange>> received = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            assertThat(received).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("u-1");
                assertThat(r.value()).isEqualTo(change);
            });
        }
    }

    @Test
    void provisionerCreatesMissingTopicsWithTheirContractCleanupPolicyAndIsIdempotent(LocalStack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin);
            provisioner.ensure(Topics.ALL, 2, (short) 1);

            assertThat(provisioner.ensure(Topics.ALL, 2, (short) 1)).isEmpty();
            for (Topic<String, ?> topic : Topics.ALL) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
                Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                        .as(topic.name())
                        .isEqualTo(topic.cleanup().policy());
            }
            assertThat(admin.listTopics().names().get())
                    .contains("treebeard.plans", "treebeard.profiles", "treebeard.usage", "treebeard.usage-analysis",
                            "treebeard.recommendations", "treebeard.dlq.ingest", "treebeard.dlq.recommender",
                            "treebeard.dlq.projector");
        }
    }
}
