package io.treebeard.projector.config;

import io.treebeard.projector.core.PlanCatalog;
import io.treebeard.projector.core.PoisonRecordException;
import io.treebeard.projector.kafka.TopicReplay;
import io.treebeard.projector.rebuild.GenerationWatcher;
import io.treebeard.projector.redis.RedisCache;
import io.treebeard.schemas.topic.TopicProvisioner;
import io.treebeard.schemas.topic.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Starts the projector in order: load the plan catalog from {@code treebeard.plans}, write it, start the cache watcher
 * (which rebuilds an empty cache), then the live listener container. Stops in reverse.
 */
final class ProjectorLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectorLifecycle.class);

    private final PlanCatalog catalog;
    private final TopicReplay replay;
    private final RedisCache cache;
    private final GenerationWatcher watcher;
    private final MessageListenerContainer container;
    private final ProjectorConfig config;
    private volatile boolean running;

    ProjectorLifecycle(ProjectorConfig config, PlanCatalog catalog, TopicReplay replay, RedisCache cache, GenerationWatcher watcher,
            MessageListenerContainer container) {
        this.config = config;
        this.catalog = catalog;
        this.replay = replay;
        this.cache = cache;
        this.watcher = watcher;
        this.container = container;
    }

    @Override
    public void start() {
        long started = System.nanoTime();
        // The producers create their topics too; creating the missing ones here lets the projector start first.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers()))) {
            new TopicProvisioner(admin).ensure(List.of(Topics.PLANS, Topics.PROFILES, Topics.USAGE_ANALYSIS, Topics.RECOMMENDATIONS,
                    Topics.DLQ_PROJECTOR), config.partitions(), config.replicationFactor());
        }
        try (TopicReplay.Session session = replay.open(Topics.PLANS)) {
            session.run(batch -> {
                for (ConsumerRecord<String, byte[]> r : batch) {
                    try {
                        catalog.apply(r.key(), Topics.PLANS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    } catch (PoisonRecordException | SerializationException e) {
                        // The live consumer dead-letters it; the catalog just does not contain it.
                        LOG.warn("Plan catalog load skips {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
                return true;
            });
        }
        LOG.info("Plan catalog loaded: {} plans in {} regions, in {} ms", catalog.size(), catalog.regions().size(),
                (System.nanoTime() - started) / 1_000_000);
        cache.writeBulk(catalog.snapshot(null));
        watcher.start();
        container.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        container.stop();
        watcher.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
