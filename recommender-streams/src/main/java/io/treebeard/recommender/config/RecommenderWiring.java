package io.treebeard.recommender.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.treebeard.recommender.StreamsRunner;
import io.treebeard.recommender.lifecycle.StreamsLifecycle;
import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.topology.RecommenderTopology;
import io.treebeard.service.DependencyProbe;
import io.treebeard.schemas.topic.GroupLag;
import io.treebeard.schemas.topic.GroupLagSampler;
import io.treebeard.service.Probes;
import java.time.Clock;
import java.time.Duration;
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

    /** Starts Kafka Streams with the application, watches it for stalls and closes it (committing) on shutdown. */
    @Bean
    StreamsLifecycle streamsLifecycle(StreamsRunner runner, MeterRegistry registry, RecommenderConfig config,
            RecommenderMetrics metrics) {
        return new StreamsLifecycle(runner, registry, metrics, () -> new GroupLagSampler(config.bootstrapServers(), metrics.lag(),
                Clock.systemUTC(), LAG_SAMPLE_INTERVAL), config.stallTimeout(), LAG_SAMPLE_INTERVAL, Clock.systemUTC());
    }
}
