package io.treebeard.ingest.capture;

import io.treebeard.schemas.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The Debezium engine's own offset in its Kafka offset topic (Kafka Connect's {@code KafkaOffsetBackingStore}: key
 * {@code ["<engine name>", {"server": "<topic prefix>"}]}, value the Postgres offset as JSON, a null value removing
 * it). Read before the engine starts, to compare with the replication slot, and removed to make the engine take a new
 * snapshot.
 */
final class EngineOffsets {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String topic;
    private final String engineName;
    private final String server;

    EngineOffsets(CaptureSettings settings) {
        this(settings.bootstrapServers(), settings.offsetTopic(), settings.engineName(), settings.topicPrefix());
    }

    EngineOffsets(String bootstrapServers, String topic, String engineName, String server) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.engineName = engineName;
        this.server = server;
    }

    /**
     * The stored offset.
     *
     * @param key the record key it was stored under (to remove it with)
     * @param lsn the highest of its {@code lsn}, {@code lsn_proc} and {@code lsn_commit}: the position it resumes from
     */
    record Stored(byte[] key, long lsn, JsonNode value) {
    }

    /** The engine's stored offset, or null when there is none (no topic, no record, or removed). */
    Stored read() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, server + "-offset-check"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return null;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            Stored stored = null;
            for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAll(consumer, partitions, TIMEOUT)) {
                if (record.key() != null && isOurs(record.key())) {
                    stored = record.value() == null ? null : parse(record.key(), record.value());
                }
            }
            return stored;
        }
    }

    /** Removes the stored offset (a tombstone for its key): the engine then starts with a new snapshot. */
    void remove(Stored stored) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, server + "-offset-reset"), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, stored.key(), null)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not remove the capture offset from " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while removing the capture offset", e);
        }
    }

    private boolean isOurs(byte[] key) {
        try {
            JsonNode node = Json.mapper().readTree(key);
            return node.isArray() && node.size() == 2 && engineName.equals(node.get(0).asString())
                    && server.equals(node.get(1).path("server").asString());
        } catch (JacksonException e) {
            return false;
        }
    }

    private static Stored parse(byte[] key, byte[] value) {
        JsonNode node = Json.mapper().readTree(value);
        long lsn = -1;
        for (String field : List.of("lsn", "lsn_proc", "lsn_commit")) {
            JsonNode v = node.get(field);
            if (v != null && v.isNumber()) {
                lsn = Math.max(lsn, v.longValue());
            }
        }
        return new Stored(key, lsn, node);
    }
}
