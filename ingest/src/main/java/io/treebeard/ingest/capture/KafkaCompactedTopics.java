package io.treebeard.ingest.capture;

import io.treebeard.schemas.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a compacted topic whole with a plain assign-all consumer (no group, nothing committed). Only the keys not
 * skipped are kept, as raw bytes until the end, so memory follows the keys to reconcile, not the topic.
 */
final class KafkaCompactedTopics implements SnapshotReconciliation.CompactedTopics {

    /** Reading a large topic takes a while; this only bounds a read that stops making progress altogether. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final String bootstrapServers;
    private final String clientId;

    KafkaCompactedTopics(String bootstrapServers, String clientId) {
        this.bootstrapServers = bootstrapServers;
        this.clientId = clientId;
    }

    @Override
    public <V> Map<String, V> lastValues(Topic<String, V> topic, Set<String> skip) {
        Map<String, byte[]> last = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return Map.of();
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
            TopicReader.forEach(consumer, partitions, TIMEOUT, r -> {
                if (r.key() != null && !skip.contains(r.key())) {
                    last.put(r.key(), r.value());
                }
            });
        }
        Map<String, V> values = new HashMap<>();
        last.forEach((key, bytes) -> values.put(key, bytes == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(),
                bytes)));
        return values;
    }
}
