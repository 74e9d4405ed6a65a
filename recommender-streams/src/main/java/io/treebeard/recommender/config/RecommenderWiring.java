package io.treebeard.recommender.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.treebeard.recommender.StreamsRunner;
import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.topology.RecommenderTopology;
import io.treebeard.service.DependencyProbe;
import io.treebeard.schemas.topic.GroupLag;
import io.treebeard.schemas.topic.GroupLagSampler;
import io.treebeard.service.Probes;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The stream application's beans. */
@Configuration(proxyBeanMethods = false)
public class RecommenderWiring {

    /** How often the consumer group's lag is sampled (an Admin round trip, off the processing path). */
    static final Duration LAG_SAMPLE_INTERVAL = Duration.ofSeconds(5);

    @Bean
    RecommenderMetrics recommenderMetrics(RecommenderConfig config) {
        return new RecommenderMetrics(new GroupLag(config.applicationId(),
                RecommenderTopology.inputTopics(RecommenderTopology.Topics.contract(), config.applicationId())));
    }

    @Bean
    StreamsRunner streamsRunner(RecommenderConfig config, RecommenderMetrics metrics) {
        return new StreamsRunner(config, metrics);
    }

    @Bean
    DependencyProbe kafkaProbe(RecommenderConfig config) {
        return Probes.kafka(config.bootstrapServers());
    }

    /** Starts Kafka Streams with the application and closes it (committing) on shutdown. */
    @Bean
    StreamsLifecycle streamsLifecycle(StreamsRunner runner, MeterRegistry registry, RecommenderConfig config,
            RecommenderMetrics metrics) {
        return new StreamsLifecycle(runner, registry, () -> new GroupLagSampler(config.bootstrapServers(), metrics.lag(),
                Clock.systemUTC(), LAG_SAMPLE_INTERVAL));
    }

    /** Lifecycle and health of the Kafka Streams instance. */
    static final class StreamsLifecycle implements SmartLifecycle, HealthIndicator {
        private final StreamsRunner runner;
        private final MeterRegistry registry;
        private final Supplier<GroupLagSampler> samplers;
        private KafkaStreamsMetrics kafkaMetrics;
        private GroupLagSampler lagSampler;
        private volatile boolean running;

        StreamsLifecycle(StreamsRunner runner, MeterRegistry registry, Supplier<GroupLagSampler> samplers) {
            this.runner = runner;
            this.registry = registry;
            this.samplers = samplers;
        }

        @Override
        public void start() {
            runner.start();
            kafkaMetrics = new KafkaStreamsMetrics(runner.streams());
            kafkaMetrics.bindTo(registry);
            lagSampler = samplers.get().start();
            running = true;
        }

        @Override
        public void stop() {
            if (lagSampler != null) {
                lagSampler.close();
                lagSampler = null;
            }
            if (kafkaMetrics != null) {
                kafkaMetrics.close();
            }
            runner.close();
            running = false;
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
}
