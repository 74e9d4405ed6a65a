package io.treebeard.projector.config;

import io.treebeard.schemas.cache.KeyType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The whole configuration of the cache projector, bound once from {@code treebeard.projector.*} and validated at
 * startup. Environment variables override files ({@code TREEBEARD_PROJECTOR_REDIS_URI=...}).
 *
 * @param kafkaBootstrapServers Kafka the projector consumes from
 * @param groupId               consumer group of the live projection
 * @param concurrency           listener threads (each takes a share of the partitions)
 * @param maxPollRecords        records per batch (per Redis round of writes and per read-model transaction)
 * @param partitions            partitions of the topics the projector creates when they are missing
 * @param replicationFactor     their replication factor
 * @param retryInterval         back-off between attempts while Redis or PostgreSQL is unavailable (retried indefinitely)
 * @param redis                 Redis connection
 * @param database              the read model's database
 * @param ttl                   TTL per key type
 * @param rebuild               cache-loss detection and rebuild
 * @param audit                 the periodic audit of what Redis serves against PostgreSQL
 */
@ConfigurationProperties("treebeard.projector")
@Validated
public record ProjectorConfig(
        @NotBlank String kafkaBootstrapServers,
        @NotBlank @DefaultValue(DEFAULT_GROUP_ID) String groupId,
        @Min(1) @Max(64) @DefaultValue("1") int concurrency,
        @Min(1) @Max(50_000) @DefaultValue(DEFAULT_MAX_POLL_RECORDS) int maxPollRecords,
        @Min(1) @Max(10_000) @DefaultValue("6") int partitions,
        @Min(1) @Max(16) @DefaultValue("1") short replicationFactor,
        @NotNull @DefaultValue("1s") Duration retryInterval,
        @Valid @NotNull @DefaultValue Redis redis,
        @Valid @NotNull Database database,
        @Valid @NotNull @DefaultValue Ttl ttl,
        @Valid @NotNull @DefaultValue Rebuild rebuild,
        @Valid @NotNull @DefaultValue Audit audit) {

    /** Default consumer group. */
    public static final String DEFAULT_GROUP_ID = "treebeard-projector";
    /** Default records per batch. */
    public static final String DEFAULT_MAX_POLL_RECORDS = "2000";

    public ProjectorConfig {
        positive("treebeard.projector.retry-interval", retryInterval);
    }

    /**
     * Redis.
     *
     * @param uri            a Lettuce URI, {@code redis://host:port}
     * @param commandTimeout how long a command may take before Redis counts as unavailable
     */
    public record Redis(
            @NotBlank @Pattern(regexp = "rediss?://.+", message = "must look like redis://host:port")
            @DefaultValue("redis://localhost:6379") String uri,
            @NotNull @DefaultValue("1s") Duration commandTimeout) {

        public Redis {
            positive("treebeard.projector.redis.command-timeout", commandTimeout);
        }
    }

    /**
     * The database holding {@code recommendations} (migrated by the ingest service).
     *
     * @param url      JDBC URL
     * @param user     the writer role
     * @param password its password
     * @param poolSize connections in the pool
     */
    public record Database(
            @NotBlank @Pattern(regexp = "jdbc:postgresql://.+", message = "must look like jdbc:postgresql://host:port/database")
            String url,
            @NotBlank @DefaultValue("treebeard_writer") String user,
            @DefaultValue("") String password,
            @Min(1) @Max(64) @DefaultValue("4") int poolSize) {
    }

    /** TTL per key type; defaults are the reference epic's ({@link KeyType#defaultTtl()}). */
    public record Ttl(
            @NotNull @DefaultValue(DEFAULT_TTL_RECOMMENDATION) Duration recommendation,
            @NotNull @DefaultValue(DEFAULT_TTL_PROFILE) Duration profile,
            @NotNull @DefaultValue(DEFAULT_TTL_USAGE_ANALYSIS) Duration usageAnalysis,
            @NotNull @DefaultValue(DEFAULT_TTL_PLAN) Duration plan,
            @NotNull @DefaultValue(DEFAULT_TTL_CATALOG) Duration catalog) {

        /** Default TTL of recommendations. */
        public static final String DEFAULT_TTL_RECOMMENDATION = "24h";
        /** Default TTL of profiles. */
        public static final String DEFAULT_TTL_PROFILE = "24h";
        /** Default TTL of usage analyses. */
        public static final String DEFAULT_TTL_USAGE_ANALYSIS = "7d";
        /** Default TTL of plans. */
        public static final String DEFAULT_TTL_PLAN = "1h";
        /** Default TTL of regional catalogs. */
        public static final String DEFAULT_TTL_CATALOG = "1h";

        public Ttl {
            positive("treebeard.projector.ttl.recommendation", recommendation);
            positive("treebeard.projector.ttl.profile", profile);
            positive("treebeard.projector.ttl.usage-analysis", usageAnalysis);
            positive("treebeard.projector.ttl.plan", plan);
            positive("treebeard.projector.ttl.catalog", catalog);
        }

        /** The TTLs by key type. */
        public Map<KeyType, Duration> byType() {
            Map<KeyType, Duration> map = new EnumMap<>(KeyType.class);
            map.put(KeyType.RECOMMENDATION, recommendation);
            map.put(KeyType.PROFILE, profile);
            map.put(KeyType.USAGE_ANALYSIS, usageAnalysis);
            map.put(KeyType.PLAN, plan);
            map.put(KeyType.CATALOG, catalog);
            return map;
        }
    }

    /**
     * Cache-loss detection and rebuild.
     *
     * @param checkInterval    how often the generation marker is checked
     * @param hotKeys          hottest recommendation keys remembered and rebuilt first
     * @param hotnessInterval  how often the hotness ranking is snapshotted
     * @param chunk            writes per pipelined flush during a rebuild
     */
    public record Rebuild(
            @NotNull @DefaultValue("1s") Duration checkInterval,
            @Min(0) @Max(1_000_000) @DefaultValue("10000") int hotKeys,
            @NotNull @DefaultValue("30s") Duration hotnessInterval,
            @Min(1) @Max(100_000) @DefaultValue("5000") int chunk) {

        public Rebuild {
            positive("treebeard.projector.rebuild.check-interval", checkInterval);
            positive("treebeard.projector.rebuild.hotness-interval", hotnessInterval);
        }
    }

    /**
     * The periodic audit ({@code io.treebeard.audit}): every interval, a random sample of users, plans and regions is
     * recomputed from PostgreSQL and compared with Redis; drift is logged and exported as {@code treebeard.audit.drift}.
     *
     * @param enabled  whether it runs
     * @param interval the pause between runs (the first run comes one interval after start)
     * @param sample   ids drawn per id space (users, plans, regions) per run; 0 = every id
     */
    public record Audit(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("15m") Duration interval,
            @Min(0) @Max(1_000_000) @DefaultValue("500") int sample) {

        public Audit {
            positive("treebeard.projector.audit.interval", interval);
        }
    }

    private static void positive(String key, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(key + " must be positive: " + value);
        }
    }
}
