package io.treebeard.projector.config;

import io.treebeard.projector.kafka.CatalogFollower;
import io.treebeard.projector.rebuild.GenerationWatcher;
import io.treebeard.schemas.topic.GroupLagSampler;
import io.treebeard.schemas.topic.TopicProvisioner;
import io.treebeard.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Starts the projector in order: create missing topics, start the catalog follower and wait until it has loaded the
 * plan catalog (it then writes every regional catalog), start the cache watcher (which rebuilds an empty cache from
 * that catalog among others), then the live listener container and the sampler of its consumer group's lag. Stops in
 * reverse.
 */
final class ProjectorLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectorLifecycle.class);
    private static final Duration CATALOG_LOAD_WAIT = Duration.ofMinutes(2);

    private final CatalogFollower follower;
    private final GenerationWatcher watcher;
    private final MessageListenerContainer container;
    private final ProjectorConfig config;
    private final Supplier<GroupLagSampler> lagSamplers;
    private GroupLagSampler lagSampler;
    private volatile boolean running;

    ProjectorLifecycle(ProjectorConfig config, CatalogFollower follower, GenerationWatcher watcher, MessageListenerContainer container,
            Supplier<GroupLagSampler> lagSamplers) {
        this.config = config;
        this.lagSamplers = lagSamplers;
        this.follower = follower;
        this.watcher = watcher;
        this.container = container;
    }

    @Override
    public void start() {
        // The producers create their topics too; creating the missing ones here lets the projector start first.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers()))) {
            new TopicProvisioner(admin).ensure(List.of(Topics.PLANS, Topics.PROFILES, Topics.USAGE_ANALYSIS, Topics.RECOMMENDATIONS,
                    Topics.DLQ_PROJECTOR), config.partitions(), config.replicationFactor());
        }
        follower.start();
        try {
            if (!follower.awaitCaughtUp(CATALOG_LOAD_WAIT)) {
                // Not fatal: the follower keeps loading and writes the catalogs once it has; a rebuild meanwhile would
                // only lack plans and catalogs, which the follower then writes.
                LOG.warn("The plan catalog was not loaded within {}; starting anyway", CATALOG_LOAD_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while loading the plan catalog", e);
        }
        watcher.start();
        container.start();
        lagSampler = lagSamplers.get().start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (lagSampler != null) {
            lagSampler.close();
            lagSampler = null;
        }
        container.stop();
        watcher.close();
        follower.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
