package io.treebeard.ingest.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.treebeard.ingest.capture.ChangeMapper;
import io.treebeard.schemas.event.CommitTimeHeader;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every metric of the ingest module. Recording uses plain counters, so the capture and the write API record before and
 * regardless of any registry; {@link #bindTo} exposes them under {@code treebeard.ingest.*}.
 */
public final class IngestMetrics implements MeterBinder {

    private static final String[] TABLES = {ChangeMapper.PLANS_TABLE, ChangeMapper.PROFILES_TABLE, ChangeMapper.USAGE_TABLE};

    private final Clock clock;
    private final Map<String, LongAdder> captured = new ConcurrentHashMap<>();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder engineRestarts = new LongAdder();
    private final LongAdder publishRetries = new LongAdder();
    private final LongAdder resnapshots = new LongAdder();
    private final LongAdder reconciledDeletes = new LongAdder();
    private final LongAdder rowsWritten = new LongAdder();
    private final AtomicReference<Instant> lastCommitTs = new AtomicReference<>();
    private final AtomicReference<Duration> behindSource = new AtomicReference<>(Duration.ZERO);
    private volatile boolean running;
    private volatile java.util.function.DoubleSupplier slotLagBytes = () -> Double.NaN;
    private volatile MeterRegistry registry;
    /** The capture-freshness timer per published topic; empty until bound (recording before that is dropped). */
    private volatile Map<String, Timer> freshness = Map.of();

    /** Metrics measuring lag against {@code clock}. */
    public IngestMetrics(Clock clock) {
        this.clock = clock;
        for (String table : TABLES) {
            captured.put(table, new LongAdder());
        }
    }

    /** Where the replication slot's lag comes from ({@code treebeard.ingest.replication.slot.lag}). */
    public void slotLag(java.util.function.DoubleSupplier bytes) {
        this.slotLagBytes = bytes;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("treebeard.ingest.replication.slot.lag", this, m -> m.slotLagBytes.getAsDouble())
                .description("WAL the replication slot holds back: current WAL position minus the slot's confirmed_flush_lsn")
                .baseUnit("bytes")
                .register(registry);
        for (String table : TABLES) {
            FunctionCounter.builder("treebeard.ingest.capture.events", captured.get(table), LongAdder::sum)
                    .description("Row changes captured from the source table and published")
                    .baseUnit("events")
                    .tag("table", table)
                    .register(registry);
        }
        FunctionCounter.builder("treebeard.ingest.capture.dlq.events", deadLetters, LongAdder::sum)
                .description("Captured changes that broke the contract and went to treebeard.dlq.ingest")
                .baseUnit("events")
                .register(registry);
        FunctionCounter.builder("treebeard.ingest.capture.restarts", engineRestarts, LongAdder::sum)
                .description("Times the capture engine was restarted after a failure")
                .baseUnit("restarts")
                .register(registry);
        FunctionCounter.builder("treebeard.ingest.capture.publish.retries", publishRetries, LongAdder::sum)
                .description("Captured changes sent again after a retriable Kafka error (then dead-lettered when retries run out)")
                .baseUnit("retries")
                .register(registry);
        FunctionCounter.builder("treebeard.ingest.capture.resnapshots", resnapshots, LongAdder::sum)
                .description("Times the capture found its stored offset not servable by the replication slot and re-snapshotted")
                .baseUnit("resnapshots")
                .register(registry);
        FunctionCounter.builder("treebeard.ingest.capture.reconciled.deletes", reconciledDeletes, LongAdder::sum)
                .description("Plans and profiles absent from a full snapshot but live in their topic, published as deletes")
                .baseUnit("deletes")
                .register(registry);
        Gauge.builder("treebeard.ingest.capture.behind.source", behindSource, d -> d.get().toMillis())
                .description("Commit-to-publish delay of the last captured change")
                .baseUnit("milliseconds")
                .register(registry);
        Gauge.builder("treebeard.ingest.capture.running", this, m -> m.running ? 1 : 0)
                .description("1 while the capture engine is streaming, 0 otherwise")
                .register(registry);
        FunctionCounter.builder("treebeard.ingest.api.written.rows", rowsWritten, LongAdder::sum)
                .description("Rows committed by the write API")
                .baseUnit("rows")
                .register(registry);
        Map<String, Timer> timers = new HashMap<>();
        for (Topic<String, ?> topic : List.of(Topics.PLANS, Topics.PROFILES, Topics.USAGE)) {
            timers.put(topic.name(), Timer.builder("treebeard.ingest.capture.freshness")
                    .description("Source commit to the captured change acknowledged by Kafka (per record, tombstones included)")
                    .tag("topic", topic.name())
                    .publishPercentiles(0.5, 0.99)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(2))
                    .register(registry));
        }
        this.freshness = Map.copyOf(timers);
        this.registry = registry;
    }

    /**
     * Times a record of {@code topic} carrying the source commit time {@code commitMs}, acknowledged by Kafka now.
     * Records of other topics (dead letters) are not timed.
     */
    public void acknowledged(String topic, long commitMs) {
        Timer timer = freshness.get(topic);
        if (timer != null) {
            timer.record(CommitTimeHeader.millisSince(commitMs, clock.millis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Counts a published change of {@code table} committed at {@code commitTs}. */
    public void captured(String table, Instant commitTs) {
        LongAdder counter = captured.get(table);
        if (counter != null) {
            counter.increment();
        }
        lastCommitTs.set(commitTs);
        behindSource.set(Duration.between(commitTs, clock.instant()));
    }

    /** Counts a dead letter. */
    public void deadLetter() {
        deadLetters.increment();
    }

    /** Counts an engine restart. */
    public void restarted() {
        engineRestarts.increment();
    }

    /** Counts a retried send of a captured change. */
    public void publishRetried() {
        publishRetries.increment();
    }

    /** Counts a re-snapshot after the stored offset was found not servable by the slot. */
    public void resnapshotted() {
        resnapshots.increment();
    }

    /** Counts deletes published for keys a full snapshot no longer holds. */
    public void reconciledDeletes(long count) {
        reconciledDeletes.add(count);
    }

    /** Total re-snapshots after a lost slot position. */
    public long resnapshotCount() {
        return resnapshots.sum();
    }

    /** Total reconciled deletes. */
    public long reconciledDeleteCount() {
        return reconciledDeletes.sum();
    }

    /** Records whether the engine is streaming. */
    public void running(boolean isRunning) {
        this.running = isRunning;
    }

    /** Counts rows committed by the write API. */
    public void rowsWritten(long rows) {
        rowsWritten.add(rows);
    }

    /** A timer of write-API requests to {@code endpoint} with {@code outcome} (e.g. 2xx, 4xx). */
    public Timer requestTimer(String endpoint, String outcome) {
        MeterRegistry r = registry;
        if (r == null) {
            throw new IllegalStateException("IngestMetrics is not bound to a registry yet");
        }
        return Timer.builder("treebeard.ingest.api.request")
                .description("Write-API request latency")
                .tag("endpoint", endpoint)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(r);
    }

    /** Total changes captured from {@code table}. */
    public long capturedCount(String table) {
        return captured.get(table).sum();
    }

    /** Total dead letters. */
    public long deadLetterCount() {
        return deadLetters.sum();
    }
}
