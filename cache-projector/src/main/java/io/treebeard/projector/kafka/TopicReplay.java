package io.treebeard.projector.kafka;

import io.treebeard.schemas.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a compacted topic from the beginning up to the end offsets captured when the replay starts, with a plain
 * consumer (assignment, no group, nothing committed). Used at startup (plan catalog), by the rebuild and by the warm
 * CLI. Records produced after the start are left to the live consumer.
 */
public final class TopicReplay {

    /** Receives the records of one poll. */
    @FunctionalInterface
    public interface BatchHandler {
        /** Handles a batch; returning false stops the replay early. */
        boolean handle(List<ConsumerRecord<String, byte[]>> batch);
    }

    private final String bootstrapServers;
    private final int maxPollRecords;

    /** A replayer on {@code bootstrapServers}, fetching up to {@code maxPollRecords} per poll. */
    public TopicReplay(String bootstrapServers, int maxPollRecords) {
        this.bootstrapServers = bootstrapServers;
        this.maxPollRecords = maxPollRecords;
    }

    /** A handle on the replay of {@code topic}: open it, read {@link Session#total()}, then {@link Session#run}. */
    public Session open(Topic<String, ?> topic) {
        return new Session(topic);
    }

    /** One replay of one topic. */
    public final class Session implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<TopicPartition, Long> end;
        private final long total;

        Session(Topic<String, ?> topic) {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
            props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
            props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "treebeard-projector-replay-" + UUID.randomUUID());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo p : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
                end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                long sum = 0;
                for (TopicPartition tp : partitions) {
                    sum += end.get(tp) - begin.get(tp);
                }
                total = sum;
            } catch (RuntimeException e) {
                consumer.close();
                throw e;
            }
        }

        /** Upper bound of the records this replay reads (compaction may have removed some). */
        public long total() {
            return total;
        }

        /** The end offset of each partition, captured when the replay was opened. */
        public Map<TopicPartition, Long> endOffsets() {
            return Map.copyOf(end);
        }

        /** Reads every record up to the captured end offsets, one poll at a time; returns the records read. */
        public long run(BatchHandler handler) {
            long read = 0;
            while (!done()) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(500));
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(polled.count());
                for (ConsumerRecord<String, byte[]> r : polled) {
                    Long stop = end.get(new TopicPartition(r.topic(), r.partition()));
                    if (stop != null && r.offset() < stop) {
                        batch.add(r);
                    }
                }
                if (!batch.isEmpty()) {
                    read += batch.size();
                    if (!handler.handle(batch)) {
                        break;
                    }
                }
            }
            return read;
        }

        private boolean done() {
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                if (consumer.position(e.getKey()) < e.getValue()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
