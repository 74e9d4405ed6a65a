package io.treebeard.ingest;

import static io.treebeard.ingest.IngestTestSupport.count;
import static io.treebeard.ingest.IngestTestSupport.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.Migrations;
import io.treebeard.stack.junit.LocalStackExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The replication slot is dropped while ingest is stopped and its offsets remain; rows are deleted, updated and inserted
 * meanwhile. At the next start the capture must notice that the slot cannot serve its offset and recover without
 * skipping anything: every current row is published again and every plan and profile deleted in the gap gets a delete
 * change and a tombstone, like a real delete; then streaming goes on.
 */
@ExtendWith(LocalStackExtension.class)
class SlotLossIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String DB = "slot_loss_it";
    private static final String SLOT = "slot_" + DB;
    private static final String PLAN = "INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active,"
            + " rate_structure, renewable_percentage, contract_months) VALUES ('%s', 'A', '%s', ARRAY['SL'], true,"
            + " '{\"energy\": {\"type\": \"flat\", \"rate\": 0.1}}', 5, 0)";
    private static final String PROFILE = "INSERT INTO user_profile (user_id, region) VALUES ('%s', 'SL')";

    @Test
    void aDroppedSlotIsDetectedAndEveryRowIsRepublishedAndEveryKeyDeletedInTheGapGetsADeleteAndATombstone(LocalStack stack)
            throws Exception {
        stack.postgres().createDatabase(DB);
        DataSource db = stack.postgres().dataSource(DB);
        Migrations.migrate(db);
        String kafka = stack.kafka().bootstrapServers();

        try (TopicTail<PlanChange> plans = new TopicTail<>(kafka, Topics.PLANS, k -> k.startsWith("sl-"));
             TopicTail<ProfileChange> profiles = new TopicTail<>(kafka, Topics.PROFILES, k -> k.startsWith("sl-"))) {
            ConfigurableApplicationContext first = IngestTestSupport.start(stack, DB);
            try {
                execute(db, PLAN.formatted("sl-p1", "One"), PLAN.formatted("sl-p2", "Two"), PLAN.formatted("sl-p3", "Three"),
                        PROFILE.formatted("sl-u1"), PROFILE.formatted("sl-u2"));
                await().atMost(WAIT).until(() -> plans.values().size() >= 3 && profiles.values().size() >= 2);
            } finally {
                first.close();
            }
            await().atMost(WAIT).until(() -> count(db, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + SLOT
                    + "' AND NOT active") == 1);

            // While ingest is stopped: changes of every kind, then the slot is lost. The offsets stay.
            execute(db, "DELETE FROM plan_catalog WHERE plan_id = 'sl-p1'",
                    "UPDATE plan_catalog SET name = 'Two, renamed' WHERE plan_id = 'sl-p2'",
                    PLAN.formatted("sl-p4", "Four"),
                    "DELETE FROM user_profile WHERE user_id = 'sl-u1'",
                    PROFILE.formatted("sl-u3"),
                    "SELECT pg_drop_replication_slot('" + SLOT + "')");
            Map<TopicPartition, Long> plansEnd = endOffsets(kafka, Topics.PLANS);
            Map<TopicPartition, Long> profilesEnd = endOffsets(kafka, Topics.PROFILES);

            ConfigurableApplicationContext second = IngestTestSupport.start(stack, DB);
            try {
                await().atMost(WAIT).untilAsserted(() -> {
                    List<ConsumerRecord<String, PlanChange>> after = since(plans.poll(), plansEnd);
                    assertThat(republished(after)).containsOnlyKeys("sl-p2", "sl-p3", "sl-p4");
                    assertThat(republished(after).get("sl-p2").after().name()).isEqualTo("Two, renamed");
                    assertDeletedWithTombstone(after, "sl-p1", PlanChange::op, c -> c.after() == null && c.before() != null);
                    List<ConsumerRecord<String, ProfileChange>> afterProfiles = since(profiles.poll(), profilesEnd);
                    assertThat(republishedProfiles(afterProfiles)).containsOnlyKeys("sl-u2", "sl-u3");
                    assertDeletedWithTombstone(afterProfiles, "sl-u1", ProfileChange::op, c -> c.after() == null && c.before() != null);
                });
                List<ConsumerRecord<String, PlanChange>> after = since(plans.poll(), plansEnd);
                assertThat(after.stream().filter(r -> r.value() != null && r.value().op() == ChangeOp.DELETE).map(ConsumerRecord::key))
                        .as("only the key deleted in the gap gets a delete").containsExactly("sl-p1");

                // Streaming goes on from the new slot.
                execute(db, PLAN.formatted("sl-p5", "Five"));
                await().atMost(WAIT).until(() -> since(plans.poll(), plansEnd).stream()
                        .anyMatch(r -> r.key().equals("sl-p5") && r.value() != null && r.value().op() == ChangeOp.CREATE));
                assertThat(prometheus(second)).contains("treebeard_ingest_capture_resnapshots_total{application=\"ingest\"} 1.0")
                        .contains("treebeard_ingest_capture_reconciled_deletes_total{application=\"ingest\"} 2.0");
            } finally {
                second.close();
            }
        }
    }

    private static <V> List<ConsumerRecord<String, V>> since(List<ConsumerRecord<String, V>> records,
            Map<TopicPartition, Long> end) {
        return records.stream().filter(r -> r.offset() >= end.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L))
                .toList();
    }

    private static Map<String, PlanChange> republished(List<ConsumerRecord<String, PlanChange>> records) {
        return records.stream().filter(r -> r.value() != null && r.value().op() == ChangeOp.READ)
                .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value, (a, b) -> b));
    }

    private static Map<String, ProfileChange> republishedProfiles(List<ConsumerRecord<String, ProfileChange>> records) {
        return records.stream().filter(r -> r.value() != null && r.value().op() == ChangeOp.READ)
                .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value, (a, b) -> b));
    }

    /** The key's records since the restart are exactly a delete change, then a tombstone. */
    private static <V> void assertDeletedWithTombstone(List<ConsumerRecord<String, V>> records, String key,
            Function<V, ChangeOp> op, java.util.function.Predicate<V> deleteShape) {
        List<V> values = new ArrayList<>();
        records.stream().filter(r -> r.key().equals(key)).forEach(r -> values.add(r.value()));
        assertThat(values).as("records of %s since the restart", key).hasSize(2);
        assertThat(op.apply(values.get(0))).isEqualTo(ChangeOp.DELETE);
        assertThat(deleteShape.test(values.get(0))).as("after null, before the last published row").isTrue();
        assertThat(values.get(1)).as("tombstone").isNull();
    }

    private static Map<TopicPartition, Long> endOffsets(String kafka, Topic<String, ?> topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    private static String prometheus(ConfigurableApplicationContext app) throws Exception {
        return IngestTestSupport.HTTP.send(HttpRequest.newBuilder(IngestTestSupport.managementUri(app, "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
