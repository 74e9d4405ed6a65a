package io.treebeard.projector;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.treebeard.service.TreeBeardApplication;
import io.treebeard.stack.LocalStack;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.topic.Topic;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import io.treebeard.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the projector against the real local stack and gives tests a producer and a Redis view. */
final class ProjectorTestSupport implements AutoCloseable {

    final LocalStack stack;
    final KafkaProducer<String, byte[]> producer;
    final RedisClient redisClient;
    final StatefulRedisConnection<String, String> redisConnection;
    final RedisCommands<String, String> redis;

    ProjectorTestSupport(LocalStack stack) {
        this.stack = stack;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        this.redisClient = RedisClient.create(stack.redis().uri());
        this.redisConnection = redisClient.connect();
        this.redis = redisConnection.sync();
    }

    /** Starts a projector in its own consumer group. */
    ConfigurableApplicationContext startProjector(String groupId, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                // The tests read the health components; a deployment shows them to no one (service-kit default).
                "--management.endpoint.health.show-details=always", "--management.endpoint.health.show-components=always",
                "--logging.structured.format.console=",
                "--treebeard.projector.kafka-bootstrap-servers=" + stack.kafka().bootstrapServers(),
                "--treebeard.projector.group-id=" + groupId,
                "--treebeard.projector.partitions=3",
                "--treebeard.projector.retry-interval=200ms",
                "--treebeard.projector.redis.uri=" + stack.redis().uri(),
                "--treebeard.projector.redis.command-timeout=1s",
                "--treebeard.projector.database.url=" + stack.postgres().jdbcUrl(LocalStack.DATABASE),
                "--treebeard.projector.database.user=postgres",
                "--treebeard.projector.rebuild.check-interval=200ms",
                "--treebeard.projector.rebuild.hotness-interval=200ms"));
        args.addAll(List.of(extra));
        return TreeBeardApplication.create(ProjectorApplication.class).run(args.toArray(String[]::new));
    }

    <V> Future<RecordMetadata> send(Topic<String, V> topic, String key, V value) {
        return producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    /** The stored version of a value key, or null when absent. */
    Long version(String key) {
        String v = redis.hget(key, CacheKeys.FIELD_VERSION);
        return v == null ? null : Long.valueOf(v);
    }

    String data(String key) {
        return redis.hget(key, CacheKeys.FIELD_DATA);
    }

    /** The read-model version of a user, or null when there is no row. */
    Long rowVersion(String userId) throws SQLException {
        try (Connection c = stack.postgres().dataSource(LocalStack.DATABASE).getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT version FROM recommendations WHERE user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** How many read-model rows of users whose id starts with {@code prefix} hold {@code version}. */
    long rowsAt(String prefix, long version) throws SQLException {
        try (Connection c = stack.postgres().dataSource(LocalStack.DATABASE).getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM recommendations WHERE starts_with(user_id, ?) AND version = ?")) {
            ps.setString(1, prefix);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** True when group {@code groupId} has committed offsets at the end of every partition of the projected topics. */
    boolean caughtUp(String groupId) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(Topics.RECOMMENDATIONS.name(), Topics.PLANS.name(), Topics.PROFILES.name(),
                    Topics.USAGE_ANALYSIS.name())) {
                for (TopicPartitionInfo p : admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic).partitions()) {
                    latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                }
            }
            for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long position = c == null ? 0 : c.offset();
                if (position < e.getValue().offset()) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void close() {
        producer.close();
        redisConnection.close();
        redisClient.shutdown();
    }
}
