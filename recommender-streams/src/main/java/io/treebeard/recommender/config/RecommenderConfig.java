package io.treebeard.recommender.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The configuration of the stream application, bound from {@code treebeard.recommender.*} and validated at startup.
 *
 * @param bootstrapServers  Kafka
 * @param applicationId     the Kafka Streams application id: consumer group and prefix of internal topics
 * @param stateDir          where RocksDB keeps the state stores
 * @param streamThreads     stream threads of this instance
 * @param standbyReplicas   warm copies of each store on other instances, for fast failover
 * @param commitInterval    how often transactions commit (latency vs throughput under exactly-once)
 * @param partitions        partitions of topics this service creates when absent
 * @param replicationFactor replication factor of topics and internal topics it creates
 * @param stallTimeout      how long the consumer group may make no progress with records behind before the Kafka
 *                          Streams client is replaced (0 turns the watch off; an ERROR state is always replaced)
 */
@ConfigurationProperties("treebeard.recommender")
@Validated
public record RecommenderConfig(
        @NotBlank String bootstrapServers,
        @NotBlank @DefaultValue(DEFAULT_APPLICATION_ID) String applicationId,
        @NotBlank @DefaultValue("/tmp/treebeard-recommender") String stateDir,
        @Min(1) @Max(64) @DefaultValue("1") int streamThreads,
        @Min(0) @Max(8) @DefaultValue("0") int standbyReplicas,
        @NotNull @DefaultValue("100ms") Duration commitInterval,
        @Min(1) @Max(10_000) @DefaultValue("6") int partitions,
        @Min(1) @Max(16) @DefaultValue("1") short replicationFactor,
        @NotNull @DefaultValue("1m") Duration stallTimeout) {

    /** The default application id. */
    public static final String DEFAULT_APPLICATION_ID = "treebeard-recommender";
}
