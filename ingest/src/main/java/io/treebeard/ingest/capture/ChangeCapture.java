package io.treebeard.ingest.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.embedded.Connect;
import io.debezium.engine.format.ChangeEventFormat;
import io.treebeard.ingest.metrics.IngestMetrics;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.topic.TopicProvisioner;
import io.treebeard.schemas.topic.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Debezium embedded engine on the three source tables and publishes the canonical events to Kafka.
 *
 * <p>Delivery: a batch is published with an idempotent {@code acks=all} producer, and only once Kafka has acknowledged
 * every record of the batch are its source offsets marked processed, so the engine never commits an offset past an
 * unacknowledged change. After a crash the engine resumes from the last committed offset: changes published after it
 * are published again (at least once), each carrying its LSN so consumers can drop the duplicates.
 *
 * <p>An engine that stops with an error is restarted with exponential backoff; {@link #state()} reports it meanwhile.
 */
public final class ChangeCapture implements AutoCloseable {

    /** The engine's lifecycle as seen from outside. */
    public enum State { STARTING, RUNNING, FAILED, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(ChangeCapture.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final CaptureSettings settings;
    private final ChangeMapper mapper;
    private final IngestMetrics metrics;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService executor;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile State state = State.STOPPED;
    private volatile String lastError;
    private volatile boolean closing;
    private Duration backoff = Duration.ofSeconds(1);

    /** A capture that has not started yet. */
    public ChangeCapture(CaptureSettings settings, ChangeMapper mapper, IngestMetrics metrics) {
        this.settings = settings;
        this.mapper = mapper;
        this.metrics = metrics;
        this.producer = new KafkaProducer<>(producerConfig(settings), new StringSerializer(), new ByteArraySerializer());
        this.executor = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "treebeard-capture");
            t.setDaemon(true);
            return t;
        });
    }

    static Map<String, Object> producerConfig(CaptureSettings settings) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.CLIENT_ID_CONFIG, settings.topicPrefix() + "-capture");
    }

    /** Creates the output topics when absent, then starts streaming in the background. */
    public synchronized void start() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(List.of(Topics.PLANS, Topics.PROFILES, Topics.USAGE, Topics.DLQ_INGEST),
                    settings.partitions(), settings.replicationFactor());
        }
        closing = false;
        launch();
    }

    private synchronized void launch() {
        if (closing) {
            return;
        }
        state = State.STARTING;
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(settings.engineProperties())
                .using(this::completed)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        state = State.RUNNING;
                        metrics.running(true);
                        backoff = Duration.ofSeconds(1);
                        LOG.info("Change capture streaming from slot '{}'", settings.slotName());
                    }
                })
                .notifying(this::handleBatch)
                .build();
        executor.execute(engine);
    }

    private void completed(boolean success, String message, Throwable error) {
        metrics.running(false);
        if (closing) {
            state = State.STOPPED;
            return;
        }
        state = State.FAILED;
        lastError = message;
        LOG.error("Change capture stopped: {}; restarting in {}", message, backoff, error);
        metrics.restarted();
        Duration delay = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        executor.schedule(this::launch, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void handleBatch(List<RecordChangeEvent<SourceRecord>> events,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(events.size() + 8);
        List<Runnable> onAck = new ArrayList<>(events.size());
        for (RecordChangeEvent<SourceRecord> event : events) {
            CapturedChange change = mapper.map(event.record());
            if (change instanceof CapturedChange.Publish p) {
                p.records().forEach(r -> sends.add(producer.send(r)));
                SourcePosition position = position(event.record());
                onAck.add(() -> metrics.captured(p.table(), position.commitTs()));
            } else if (change instanceof CapturedChange.Reject r) {
                LOG.warn("Dead-lettering a change of {} at {}: {}", r.table(), event.record().sourceOffset(), r.reason());
                sends.add(producer.send(r.record()));
                onAck.add(metrics::deadLetter);
            }
            // Skip (heartbeats, foreign tables): nothing to publish, but the offset still advances the slot below.
        }
        awaitAcks(sends);
        for (RecordChangeEvent<SourceRecord> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
        onAck.forEach(Runnable::run);
    }

    private static SourcePosition position(SourceRecord record) {
        return ChangeMapper.position(((Struct) record.value()).getStruct("source"));
    }

    private void awaitAcks(List<Future<RecordMetadata>> sends) throws InterruptedException {
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                // Not marking the batch processed: the engine stops, restarts from the last committed offset and
                // publishes the batch again.
                throw new IllegalStateException("Kafka did not acknowledge a captured change: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
    }

    /** The engine's state. */
    public State state() {
        return state;
    }

    /** Why the engine last stopped, or null. */
    public String lastError() {
        return lastError;
    }

    /** Stops the engine (committing processed offsets) and the producer. */
    @Override
    public synchronized void close() {
        closing = true;
        DebeziumEngine<RecordChangeEvent<SourceRecord>> current = engine;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                LOG.warn("Change capture engine did not close cleanly", e);
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Change capture engine did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        state = State.STOPPED;
        metrics.running(false);
    }
}
