package io.treebeard.projector.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.treebeard.projector.core.PlanCatalog;
import io.treebeard.projector.core.Projection;
import io.treebeard.projector.db.ReadModelWriter;
import io.treebeard.projector.kafka.CatalogFollower;
import io.treebeard.projector.kafka.DeadLetters;
import io.treebeard.projector.kafka.ProjectionListener;
import io.treebeard.projector.kafka.RecordProjector;
import io.treebeard.projector.kafka.TopicReplay;
import io.treebeard.projector.metrics.ProjectorMetrics;
import io.treebeard.projector.rebuild.GenerationWatcher;
import io.treebeard.projector.rebuild.Rebuilder;
import io.treebeard.projector.redis.RedisCache;
import io.treebeard.projector.redis.WriteOutcome;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.topic.GroupLag;
import io.treebeard.schemas.topic.GroupLagSampler;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.service.DependencyProbe;
import io.treebeard.service.Probes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** The cache projector's beans. The core classes they wrap know nothing of Spring. */
@Configuration(proxyBeanMethods = false)
public class ProjectorWiring {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** How often the live consumer group's lag is sampled (an Admin round trip, off the processing path). */
    static final Duration LAG_SAMPLE_INTERVAL = Duration.ofSeconds(5);

    /**
     * The live consumer group's lag is reported on its four topics. The CatalogFollower has no group (it assigns every
     * plans partition itself and follows the end), so it has no lag gauge of its own: its position is what
     * {@code treebeard.projector.lag.records} and the catalog writes show.
     */
    @Bean
    ProjectorMetrics projectorMetrics(Clock clock, ProjectorConfig config) {
        return new ProjectorMetrics(clock, new GroupLag(config.groupId(), List.of(Topics.RECOMMENDATIONS.name(), Topics.PLANS.name(),
                Topics.PROFILES.name(), Topics.USAGE_ANALYSIS.name())));
    }

    @Bean(destroyMethod = "close")
    HikariDataSource projectorDataSource(ProjectorConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("projector-writer");
        hikari.setJdbcUrl(config.database().url());
        hikari.setUsername(config.database().user());
        hikari.setPassword(config.database().password());
        hikari.setMaximumPoolSize(config.database().poolSize());
        hikari.setConnectionTimeout(5_000);
        // A poll's upserts go as multi-row INSERT … ON CONFLICT statements instead of one statement per row (the batch
        // is collapsed to one row per user first, so no statement touches a row twice).
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // A database that is down at boot fails the start here, naming the pool.
        hikari.setInitializationFailTimeout(5_000);
        return new HikariDataSource(hikari);
    }

    @Bean
    ReadModelWriter readModelWriter(HikariDataSource projectorDataSource) {
        return new ReadModelWriter(projectorDataSource);
    }

    @Bean(destroyMethod = "close")
    RedisCache redisCache(ProjectorConfig config) {
        return RedisCache.connect(config.redis().uri(), config.ttl().byType(), config.redis().commandTimeout());
    }

    @Bean(destroyMethod = "close")
    DeadLetters deadLetters(ProjectorConfig config, Clock clock) {
        return new DeadLetters(config.kafkaBootstrapServers(), clock);
    }

    @Bean
    Projection projection(ProjectorConfig config) {
        return new Projection(config.ttl().recommendation());
    }

    @Bean
    PlanCatalog planCatalog() {
        return new PlanCatalog();
    }

    @Bean(destroyMethod = "close")
    CatalogFollower catalogFollower(ProjectorConfig config, PlanCatalog catalog, RedisCache cache, ProjectorMetrics metrics) {
        return new CatalogFollower(config.kafkaBootstrapServers(), catalog, cache, metrics);
    }

    @Bean
    RecordProjector recordProjector(Projection projection, RedisCache cache, ReadModelWriter readModel,
            DeadLetters deadLetters, ProjectorMetrics metrics) {
        return new RecordProjector(projection, cache, readModel, deadLetters, metrics);
    }

    @Bean
    TopicReplay topicReplay(ProjectorConfig config) {
        return new TopicReplay(config.kafkaBootstrapServers(), config.rebuild().chunk());
    }

    @Bean
    Rebuilder rebuilder(ProjectorConfig config, RedisCache cache, ReadModelWriter readModel, Projection projection, PlanCatalog catalog,
            RecordProjector projector, TopicReplay replay, ProjectorMetrics metrics) {
        return new Rebuilder(cache, readModel, projection, catalog, projector, replay, metrics, config.rebuild().hotKeys(),
                config.rebuild().chunk());
    }

    @Bean
    GenerationWatcher generationWatcher(ProjectorConfig config, RedisCache cache, Rebuilder rebuilder, PlanCatalog catalog) {
        Duration shortestTtl = config.ttl().plan().compareTo(config.ttl().catalog()) < 0 ? config.ttl().plan() : config.ttl().catalog();
        return new GenerationWatcher(cache, rebuilder, catalog, config.rebuild().checkInterval(), config.rebuild().hotnessInterval(),
                shortestTtl.dividedBy(3));
    }

    /** The live consumer: one batch listener over the four topics; failures pause and retry the batch indefinitely. */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> projectionContainer(ProjectorConfig config, RecordProjector projector,
            ProjectorMetrics metrics) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        DefaultKafkaConsumerFactory<String, byte[]> factory =
                new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        ContainerProperties properties = new ContainerProperties(Topics.RECOMMENDATIONS.name(), Topics.PLANS.name(),
                Topics.PROFILES.name(), Topics.USAGE_ANALYSIS.name());
        // Offsets are committed only after the listener returned, i.e. after every record of the batch was written.
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        // The recommender writes in transactions: commit the position past the trailing commit marker once a partition is
        // consumed, so the group's lag comes down to 0 (treebeard.consumer.lag.records) instead of staying at 1.
        properties.setFixTxOffsets(true);
        properties.setMessageListener(new ProjectionListener(projector, metrics));
        properties.setPollTimeoutWhilePaused(Duration.ofMillis(100));
        ConcurrentMessageListenerContainer<String, byte[]> container = new ConcurrentMessageListenerContainer<>(factory, properties);
        container.setConcurrency(config.concurrency());
        container.setAutoStartup(false);
        container.setBeanName("projector");
        // Redis or PostgreSQL unavailable: the handler pauses the partitions and re-runs the same batch after each back-off,
        // without limit. Poison records never reach it: the projector dead-letters them itself.
        container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(config.retryInterval().toMillis(),
                FixedBackOff.UNLIMITED_ATTEMPTS)));
        return container;
    }

    @Bean
    ProjectorLifecycle projectorLifecycle(ProjectorConfig config, CatalogFollower follower, GenerationWatcher watcher,
            ConcurrentMessageListenerContainer<String, byte[]> projectionContainer, ProjectorMetrics metrics, Clock clock) {
        return new ProjectorLifecycle(config, follower, watcher, projectionContainer,
                () -> new GroupLagSampler(config.kafkaBootstrapServers(), metrics.groupLag(), clock, LAG_SAMPLE_INTERVAL));
    }

    @Bean
    DependencyProbe postgresProbe(HikariDataSource projectorDataSource, ProjectorConfig config) {
        return Probes.postgres(projectorDataSource, config.database().url());
    }

    @Bean
    DependencyProbe readModelProbe(ReadModelWriter readModel, ProjectorConfig config) {
        return Probes.probe("postgres table recommendations", config.database().url(), timeout -> readModel.checkTable());
    }

    @Bean
    DependencyProbe redisProbe(RedisCache cache) {
        return Probes.probe("redis", cache.location(), timeout -> cache.ping());
    }

    @Bean
    DependencyProbe kafkaProbe(ProjectorConfig config) {
        return Probes.kafka(config.kafkaBootstrapServers());
    }

    /** DOWN while consumption is paused because Redis or PostgreSQL is unavailable; shows the rebuild state too. */
    @Bean
    HealthIndicator projectorHealthIndicator(ProjectorMetrics metrics) {
        return () -> {
            Health.Builder health = metrics.isPaused() ? Health.down() : Health.up();
            return health.withDetail("paused", metrics.isPaused())
                    .withDetail("rebuilding", metrics.isRebuilding())
                    .withDetail("rebuildKeys", metrics.rebuildKeyCount())
                    .withDetail("recommendationWrites", metrics.writes(KeyType.RECOMMENDATION,
                            WriteOutcome.WRITTEN))
                    .build();
        };
    }
}
