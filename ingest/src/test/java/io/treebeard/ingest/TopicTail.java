package io.treebeard.ingest;

import io.treebeard.schemas.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads a topic from the beginning and keeps the records whose key a test cares about. */
final class TopicTail<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final Predicate<String> keys;
    private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

    TopicTail(String bootstrapServers, Topic<String, V> topic, Predicate<String> keys) {
        this.keys = keys;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "tail-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        consumer.subscribe(List.of(topic.name()));
    }

    /** Polls once and returns everything matching so far. */
    List<ConsumerRecord<String, V>> poll() {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.key() != null && keys.test(r.key())) {
                records.add(r);
            }
        }
        return records;
    }

    /** The values seen so far (null for tombstones). */
    List<V> values() {
        return poll().stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
