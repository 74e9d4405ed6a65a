package io.treebeard.ingest.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads partitions from their beginning to the end offsets they had when the read started (plain assign, no group). */
final class TopicReader {

    private TopicReader() {
    }

    /** Every record of {@code partitions} up to their current end, in partition order per partition. */
    static <K, V> List<ConsumerRecord<K, V>> readAll(Consumer<K, V> consumer, List<TopicPartition> partitions, Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        forEach(consumer, partitions, timeout, records::add);
        return records;
    }

    /** Hands every record of {@code partitions} up to their current end to {@code sink}. */
    static <K, V> void forEach(Consumer<K, V> consumer, List<TopicPartition> partitions, Duration timeout,
            java.util.function.Consumer<ConsumerRecord<K, V>> sink) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Instant deadline = Instant.now().plus(timeout);
        while (!reached(consumer, end)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Could not read " + partitions + " to their end within " + timeout);
            }
            for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    sink.accept(record);
                }
            }
        }
    }

    private static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
