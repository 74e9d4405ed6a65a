package io.treebeard.ingest.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.embedded.Connect;
import io.debezium.engine.format.ChangeEventFormat;
import io.treebeard.ingest.metrics.IngestMetrics;
import io.treebeard.schemas.topic.TopicProvisioner;
import io.treebeard.schemas.topic.Topics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * <p>No single change can stop the capture: one that cannot be mapped or published goes to {@code treebeard.dlq.ingest}
 * ({@link ChangePublisher}) and the offsets move on. Before each engine start, {@link SlotGuard} makes sure the slot can
 * serve the stored offset, and otherwise forces a new snapshot; after every full snapshot the keys it no longer holds
 * get deletes ({@link SnapshotReconciliation}) and the {@link GapReconciler} runs.
 *
 * <p>An engine that stops with an error is restarted with exponential backoff; {@link #state()} reports it meanwhile.
 */
public final class ChangeCapture implements AutoCloseable {

    /** The engine's lifecycle as seen from outside. */
    public enum State { STARTING, RUNNING, FAILED, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(ChangeCapture.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private static final int PUBLISH_ATTEMPTS = 3;
    private static final Duration PUBLISH_RETRY_BACKOFF = Duration.ofSeconds(1);

    private final CaptureSettings settings;
    private final ChangeMapper mapper;
    private final IngestMetrics metrics;
    private final GapReconciler gapReconciler;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final ChangePublisher publisher;
    private final SlotGuard slotGuard;
    private final SnapshotReconciliation reconciliation;
    private final ScheduledExecutorService executor;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile State state = State.STOPPED;
    private volatile String lastError;
    private volatile boolean closing;
    private Duration backoff = Duration.ofSeconds(1);

    /** A capture that has not started yet, without a {@link GapReconciler}. */
    public ChangeCapture(CaptureSettings settings, ChangeMapper mapper, IngestMetrics metrics) {
        this(settings, mapper, metrics, GapReconciler.NONE);
    }

    /** A capture that has not started yet; {@code gapReconciler} runs after a re-snapshot (see {@link CaptureGap}). */
    public ChangeCapture(CaptureSettings settings, ChangeMapper mapper, IngestMetrics metrics, GapReconciler gapReconciler) {
        this.settings = settings;
        this.mapper = mapper;
        this.metrics = metrics;
        this.gapReconciler = gapReconciler;
        this.clock = Clock.systemUTC();
        this.producer = new KafkaProducer<>(producerConfig(settings), new StringSerializer(), new ByteArraySerializer());
        this.publisher = new ChangePublisher(producer, metrics, clock, PUBLISH_ATTEMPTS, PUBLISH_RETRY_BACKOFF);
        this.slotGuard = new SlotGuard(settings, new EngineOffsets(settings), clock);
        this.reconciliation = new SnapshotReconciliation(
                new KafkaCompactedTopics(settings.bootstrapServers(), settings.topicPrefix() + "-reconcile"), clock);
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
        CaptureGap expected;
        try {
            expected = slotGuard.prepare();
        } catch (RuntimeException e) {
            completed(false, "Cannot check the replication slot: " + e.getMessage(), e);
            return;
        }
        if (expected != null && expected.slotLost()) {
            metrics.resnapshotted();
        }
        reconciliation.starting(expected);
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
        List<ChangePublisher.Outgoing> outgoing = new ArrayList<>(events.size());
        for (RecordChangeEvent<SourceRecord> event : events) {
            SourceRecord record = event.record();
            long lsn = lsnOf(record);
            String marker = snapshotMarker(record);
            boolean snapshotRow = isFullSnapshot(marker);
            if (snapshotRow) {
                reconciliation.snapshotRow(tableOf(record), keyOf(record), lsn, unplannedSnapshot());
            } else if (reconciliation.inSnapshot()) {
                // The first change after a snapshot that had no rows, or whose last row came without its marker.
                endSnapshot(outgoing, lsn);
            }
            outgoing(record, lsn).ifPresent(outgoing::add);
            if (snapshotRow && "last".equals(marker)) {
                endSnapshot(outgoing, lsn);
            }
        }
        publisher.publish(outgoing);
        for (RecordChangeEvent<SourceRecord> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /** What one record becomes on Kafka; empty for heartbeats and foreign tables (their offsets still advance). */
    private Optional<ChangePublisher.Outgoing> outgoing(SourceRecord record, long lsn) {
        CapturedChange change = map(record, lsn);
        if (change instanceof CapturedChange.Publish p) {
            Instant commitTs = commitTs(record);
            return Optional.of(new ChangePublisher.Outgoing(p.table(), lsn, p.records(),
                    () -> metrics.captured(p.table(), commitTs)));
        }
        if (change instanceof CapturedChange.Reject r) {
            LOG.warn("Dead-lettering a change of {} at LSN {} (offset {}): {}", r.table(), Lsns.format(lsn), record.sourceOffset(),
                    r.reason());
            return Optional.of(new ChangePublisher.Outgoing(r.table(), lsn, List.of(r.record()), metrics::deadLetter));
        }
        return Optional.empty();
    }

    /** Maps a record; a record the mapper itself cannot handle becomes a dead letter rather than a stalled engine. */
    private CapturedChange map(SourceRecord record, long lsn) {
        try {
            return mapper.map(record);
        } catch (RuntimeException e) {
            String table = tableOf(record);
            String reason = "unmappable change: " + e;
            return new CapturedChange.Reject(table, DeadLetters.record(table, lsn, record.key() == null ? null : record.key().toString(),
                    String.valueOf(record.value()), reason, e.getClass().getName(), clock.instant()), reason);
        }
    }

    /**
     * Publishes what the batch gathered so far, then the deletes of the keys the finished snapshot no longer holds, and
     * once Kafka has them, hands the gap to the {@link GapReconciler}.
     */
    private void endSnapshot(List<ChangePublisher.Outgoing> outgoing, long lsn) throws InterruptedException {
        SnapshotReconciliation.Finished finished = reconciliation.finish(lsn, slotGuard::isEmpty);
        List<ProducerRecord<String, byte[]>> deletes = finished.deletes();
        for (int i = 0; i < deletes.size(); i += 2) {
            String table = Topics.PLANS.name().equals(deletes.get(i).topic()) ? ChangeMapper.PLANS_TABLE : ChangeMapper.PROFILES_TABLE;
            outgoing.add(new ChangePublisher.Outgoing(table, finished.snapshotLsn(), deletes.subList(i, i + 2),
                    () -> metrics.reconciledDeletes(1)));
        }
        publisher.publish(outgoing);
        outgoing.clear();
        CaptureGap gap = finished.gap();
        LOG.info("Change capture: full snapshot finished at LSN {} ({}); {} plan/profile key(s) live in the topics but absent from"
                + " the source got a delete and a tombstone", Lsns.format(finished.snapshotLsn()),
                gap == null ? "no gap" : gap.describe(), finished.deletedKeys());
        if (gap != null) {
            try {
                gapReconciler.reconcile(gap, finished.snapshotLsn());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("The gap reconciler failed after the snapshot at LSN "
                        + Lsns.format(finished.snapshotLsn()), e);
            }
        }
    }

    private CaptureGap unplannedSnapshot() {
        return new CaptureGap(CaptureGap.Cause.SNAPSHOT_OBSERVED, settings.slotName(), null, null, null, clock.instant());
    }

    private static long lsnOf(SourceRecord record) {
        Object lsn = record.sourceOffset() == null ? null : record.sourceOffset().get("lsn");
        return lsn instanceof Number n ? n.longValue() : -1L;
    }

    /** The {@code source.snapshot} of a change ({@code true}, {@code first}, {@code last}, {@code false}, ...), else null. */
    private static String snapshotMarker(SourceRecord record) {
        Struct source = sourceOf(record);
        return source == null || source.schema().field("snapshot") == null ? null : source.getString("snapshot");
    }

    /** True for a row of a full (initial) snapshot; incremental snapshot chunks do not make a full picture. */
    static boolean isFullSnapshot(String marker) {
        return marker != null && !"false".equals(marker) && !"incremental".equals(marker);
    }

    private static Struct sourceOf(SourceRecord record) {
        if (record.value() instanceof Struct envelope && envelope.schema().field("source") != null) {
            return envelope.getStruct("source");
        }
        return null;
    }

    private static String tableOf(SourceRecord record) {
        Struct source = sourceOf(record);
        if (source == null || source.schema().field("table") == null) {
            return record.topic();
        }
        return source.getString("schema") + "." + source.getString("table");
    }

    /** The row's id from the change key (the table's primary key); for readings the user id. */
    private static String keyOf(SourceRecord record) {
        if (record.key() instanceof Struct key && !key.schema().fields().isEmpty()) {
            Object first = key.get(key.schema().fields().get(0));
            return first == null ? null : first.toString();
        }
        return null;
    }

    private static Instant commitTs(SourceRecord record) {
        return ChangeMapper.position(((Struct) record.value()).getStruct("source")).commitTs();
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
