package io.treebeard.ingest.reseed;

import io.treebeard.schemas.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The users that currently have a usage analysis on the compacted {@code treebeard.usage-analysis}: the keys whose
 * latest record is not a tombstone, read from the beginning to the end offsets taken at the start. Values are not
 * parsed. These are the users a reseed must reconcile when the source no longer has readings for them.
 */
public final class PublishedUsers {

    private static final Duration POLL = Duration.ofMillis(500);

    private PublishedUsers() {
    }

    /**
     * Reads the topic with {@code consumer} (read_committed, no group needed: partitions are assigned manually).
     *
     * @param timeout how long to read before giving up
     */
    public static Set<String> read(Consumer<String, byte[]> consumer, Duration timeout) {
        String topic = Topics.USAGE_ANALYSIS.name();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            return Set.of();
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
        Set<String> live = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!end.isEmpty()) {
            end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
            if (end.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new ReseedException("Cannot read " + topic + " to its end within " + timeout, null);
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                if (r.value() == null) {
                    live.remove(r.key());
                } else {
                    live.add(r.key());
                }
            }
        }
        return live;
    }
}
