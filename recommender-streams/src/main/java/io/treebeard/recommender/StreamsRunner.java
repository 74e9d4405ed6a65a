package io.treebeard.recommender;

import io.treebeard.recommender.config.RecommenderConfig;
import io.treebeard.recommender.errors.DeadLetterDeserializationHandler;
import io.treebeard.recommender.errors.DeadLetterProcessingHandler;
import io.treebeard.recommender.errors.DeadLetterProductionHandler;
import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.topology.RecommenderTopology;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.TopicProvisioner;
import io.treebeard.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@link KafkaStreams} lifecycle; the topology itself comes from {@link RecommenderTopology#buildTopology}.
 * Before starting it creates missing topics and checks that the user-keyed input topics are co-partitioned.
 */
public final class StreamsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    /** Producer batch size for the output and changelog topics. */
    static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    /** How long a close may take to commit and leave the group before it gives up. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final RecommenderConfig config;
    private final RecommenderMetrics metrics;
    /** One per client: a restoration the closed client left unfinished must not count for the new one. */
    private volatile Restorations restorations = new Restorations();
    private volatile KafkaStreams streams;
    private int partitions;

    /** A runner for {@code config}. */
    public StreamsRunner(RecommenderConfig config, RecommenderMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** Builds the topology for the current topics (creating missing ones). */
    public Topology topology() {
        return topology(prepareTopics());
    }

    /** Starts processing in the background. */
    public synchronized void start() {
        partitions = prepareTopics();
        Topology topology = topology(partitions);
        LOG.info("Starting {} with topology:\n{}", config.applicationId(), topology.describe());
        launch(topology);
    }

    /**
     * Replaces the client with a new one on the same topology and state directory (the stall watch's remedy): the old
     * one is closed first, so its tasks' state is released, and the new one resumes from the committed offsets.
     */
    public synchronized void restart() {
        if (streams == null) {
            throw new IllegalStateException("not started");
        }
        if (!streams.close(CLOSE_TIMEOUT)) {
            LOG.warn("The stalled Kafka Streams client did not close within {}; starting its replacement anyway", CLOSE_TIMEOUT);
        }
        launch(topology(partitions));
    }

    private void launch(Topology topology) {
        KafkaStreams created = new KafkaStreams(topology, properties());
        created.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        created.setStateListener((now, before) -> LOG.info("Kafka Streams state {} -> {}", before, now));
        restorations = new Restorations();
        created.setGlobalStateRestoreListener(restorations);
        streams = created;
        created.start();
    }

    /** The running instance, or null before start; a new one after each {@link #restart}. */
    public KafkaStreams streams() {
        return streams;
    }

    /** Whether a state store of this instance is restoring from its changelog now. */
    public boolean restoring() {
        return restorations.active();
    }

    private Topology topology(int inputPartitions) {
        return RecommenderTopology.buildTopology(RecommenderTopology.Topics.contract(),
                new RecommenderTopology.Settings(inputPartitions, Clock.systemUTC(), metrics));
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        p.put(DeadLetterDeserializationHandler.METRICS_CONFIG, metrics);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // A plan-change fan-out writes a document (about 2 KB) and its changelog entry per user: the default 16 KB
        // batches would mean one produce request per handful of users.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        return p;
    }

    /** Creates missing topics and returns the partition count of the user-keyed inputs, which must agree. */
    private int prepareTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            List<Topic<String, ?>> topics = List.of(Topics.PLANS, Topics.PROFILES, Topics.USAGE, Topics.USAGE_ANALYSIS,
                    Topics.RECOMMENDATIONS, Topics.DLQ_RECOMMENDER);
            new TopicProvisioner(admin).ensure(topics, config.partitions(), config.replicationFactor());
            Map<String, TopicDescription> described = admin.describeTopics(List.of(Topics.USAGE.name(), Topics.PROFILES.name()))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            int usage = described.get(Topics.USAGE.name()).partitions().size();
            int profiles = described.get(Topics.PROFILES.name()).partitions().size();
            if (usage != profiles) {
                throw new IllegalStateException(Topics.USAGE.name() + " has " + usage + " partitions but " + Topics.PROFILES.name()
                        + " has " + profiles + ": user-keyed topics must be co-partitioned");
            }
            return usage;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot prepare topics on " + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /** Stops processing, committing what was processed. */
    @Override
    public synchronized void close() {
        if (streams != null) {
            streams.close(CLOSE_TIMEOUT);
        }
    }
}
