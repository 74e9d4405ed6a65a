package io.treebeard.recommender.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.treebeard.recommender.StreamsRunner;
import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.schemas.topic.GroupLag;
import io.treebeard.schemas.topic.GroupLagSampler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Lifecycle and health of the Kafka Streams client: starts it with the application, samples its group's lag, feeds
 * the {@link StallWatch} on the same schedule and replaces the client when the watch says so; closes it (committing)
 * on shutdown.
 */
public final class StreamsLifecycle implements SmartLifecycle, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsLifecycle.class);

    private final StreamsRunner runner;
    private final MeterRegistry registry;
    private final Supplier<GroupLagSampler> samplers;
    private final GroupLag lag;
    private final StallWatch watch;
    private final Duration interval;
    private final Clock clock;
    private final RecommenderMetrics metrics;
    private KafkaStreamsMetrics kafkaMetrics;
    private GroupLagSampler lagSampler;
    private ScheduledExecutorService watchdog;
    private volatile boolean running;

    /**
     * @param samplers a new lag sampler of the group's lag ({@link RecommenderMetrics#lag}), started here
     * @param stallTimeout how long the group may stand still with records behind before the client is replaced
     * @param interval how often the watch looks (the lag sampling interval: a new sample is what it compares)
     */
    public StreamsLifecycle(StreamsRunner runner, MeterRegistry registry, RecommenderMetrics metrics,
            Supplier<GroupLagSampler> samplers, Duration stallTimeout, Duration interval, Clock clock) {
        this.runner = runner;
        this.registry = registry;
        this.samplers = samplers;
        this.metrics = metrics;
        this.lag = metrics.lag();
        this.watch = new StallWatch(stallTimeout);
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        runner.start();
        bindClientMetrics();
        lagSampler = samplers.get().start();
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "treebeard-stall-watch");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::look, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    private void look() {
        try {
            KafkaStreams streams = runner.streams();
            long now = clock.millis();
            GroupLag.Progress progress = lag.progress();
            long stuckFor = watch.stuckForMs(now);
            if (watch.observe(now, streams.state(), runner.restoring(), progress) == StallWatch.Verdict.RESTART) {
                LOG.warn("Consumer group {} made no progress for {} ms with {} records behind (state {}): replacing the Kafka"
                        + " Streams client", lag.group(), stuckFor, progress.behind(), streams.state());
                restart();
            }
        } catch (RuntimeException e) {
            // The watch must outlive any one failure, or the next stall goes unnoticed.
            LOG.error("Stall watch of consumer group {} failed; it looks again in {}", lag.group(), interval, e);
        }
    }

    private synchronized void restart() {
        if (!running) {
            return;
        }
        metrics.stallRestart();
        if (kafkaMetrics != null) {
            kafkaMetrics.close();
        }
        runner.restart();
        bindClientMetrics();
    }

    private void bindClientMetrics() {
        kafkaMetrics = new KafkaStreamsMetrics(runner.streams());
        kafkaMetrics.bindTo(registry);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
        if (lagSampler != null) {
            lagSampler.close();
            lagSampler = null;
        }
        if (kafkaMetrics != null) {
            kafkaMetrics.close();
        }
        runner.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Health health() {
        KafkaStreams streams = runner.streams();
        if (streams == null) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        KafkaStreams.State state = streams.state();
        Health.Builder health = state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED ? Health.up() : Health.down();
        return health.withDetail("state", state.name()).build();
    }
}
