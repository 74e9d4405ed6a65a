package io.treebeard.projector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.treebeard.projector.redis.WriteOutcome;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.CommitTimeHeader;
import io.treebeard.schemas.topic.GroupLag;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every metric of the cache projector. Recording uses plain counters, so the core records before and regardless of any
 * registry; {@link #bindTo} exposes them under {@code treebeard.projector.*}.
 */
public final class ProjectorMetrics implements MeterBinder {

    private final Clock clock;
    private final Map<KeyType, Map<WriteOutcome, LongAdder>> writes = new EnumMap<>(KeyType.class);
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder rebuilds = new LongAdder();
    private final AtomicLong rebuildKeys = new AtomicLong();
    private final AtomicLong rebuildTotal = new AtomicLong();
    private final AtomicLong endToEndMillis = new AtomicLong();
    private volatile Instant newestSource = Instant.EPOCH;
    private volatile boolean rebuilding;
    private volatile boolean paused;
    /** The live consumer group: its input progress and sampled lag. */
    private final GroupLag groupLag;
    /** The Redis-freshness timers per key type the live projection writes; empty until bound (records are dropped). */
    private volatile Map<KeyType, Timer> redisFreshness = Map.of();
    private volatile Timer readModelFreshness;

    /** Metrics measuring ages against {@code clock}, without consumer-group lag gauges (tools, tests). */
    public ProjectorMetrics(Clock clock) {
        this(clock, new GroupLag("", List.of()));
    }

    /** Metrics measuring ages against {@code clock}, reporting the live consumer group's lag as {@code groupLag} holds it. */
    public ProjectorMetrics(Clock clock, GroupLag groupLag) {
        this.clock = clock;
        this.groupLag = groupLag;
        for (Topic<String, ?> topic : List.of(Topics.RECOMMENDATIONS, Topics.PLANS, Topics.PROFILES, Topics.USAGE_ANALYSIS)) {
            lag.put(topic.name(), new AtomicLong());
        }
        for (KeyType type : KeyType.values()) {
            Map<WriteOutcome, LongAdder> byOutcome = new EnumMap<>(WriteOutcome.class);
            for (WriteOutcome outcome : WriteOutcome.values()) {
                byOutcome.put(outcome, new LongAdder());
            }
            writes.put(type, byOutcome);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        writes.forEach((type, byOutcome) -> byOutcome.forEach((outcome, counter) ->
                FunctionCounter.builder("treebeard.projector.writes", counter, LongAdder::sum)
                        .description("Redis writes by value type and what the version guard did (rejected = older or equal version)")
                        .baseUnit("writes")
                        .tag("type", type.segment())
                        .tag("outcome", outcome.label())
                        .register(registry)));
        FunctionCounter.builder("treebeard.projector.dlq.records", deadLetters, LongAdder::sum)
                .description("Poison records sent to treebeard.dlq.projector")
                .baseUnit("records")
                .register(registry);
        FunctionCounter.builder("treebeard.projector.readmodel.rows", rows, LongAdder::sum)
                .description("Rows of the recommendations read model inserted, updated or deleted")
                .baseUnit("rows")
                .register(registry);
        Gauge.builder("treebeard.projector.paused", this, m -> m.paused ? 1 : 0)
                .description("1 while consumption is paused because Redis or PostgreSQL is unavailable")
                .register(registry);
        Gauge.builder("treebeard.projector.rebuild.running", this, m -> m.rebuilding ? 1 : 0)
                .description("1 while a cache rebuild is running")
                .register(registry);
        Gauge.builder("treebeard.projector.rebuild.keys", rebuildKeys, AtomicLong::get)
                .description("Keys written by the current (or last) rebuild")
                .baseUnit("keys")
                .register(registry);
        Gauge.builder("treebeard.projector.rebuild.total", rebuildTotal, AtomicLong::get)
                .description("Records the current (or last) rebuild replays: hot documents plus compacted-topic records")
                .baseUnit("keys")
                .register(registry);
        FunctionCounter.builder("treebeard.projector.rebuilds", rebuilds, LongAdder::sum)
                .description("Cache rebuilds started because the cache was found empty")
                .baseUnit("rebuilds")
                .register(registry);
        Gauge.builder("treebeard.projector.end.to.end.age", endToEndMillis, AtomicLong::get)
                .description("Source commit (or document generation) time to Redis write, of the newest projected change")
                .baseUnit("milliseconds")
                .register(registry);
        lag.forEach((topic, value) -> Gauge.builder("treebeard.projector.lag.records", value, AtomicLong::get)
                .description("Records the projector is behind on the topic (sum over its assigned partitions)")
                .baseUnit("records")
                .tag("topic", topic)
                .register(registry));
        Map<KeyType, Timer> timers = new EnumMap<>(KeyType.class);
        for (KeyType type : LIVE_TYPES) {
            timers.put(type, freshnessTimer("treebeard.projector.redis.freshness",
                    "Source commit to the Redis write acknowledged, per key type (version-guarded writes, rejected ones too)")
                    .tag("type", type.segment()).register(registry));
        }
        redisFreshness = timers;
        readModelFreshness = freshnessTimer("treebeard.projector.readmodel.freshness",
                "Source commit to the PostgreSQL read-model row committed").register(registry);
        for (String topic : groupLag.topics()) {
            Gauge.builder("treebeard.consumer.lag.records", groupLag, l -> l.lag(topic).recordsGauge())
                    .description("End offset minus the group's committed position, summed over the topic's partitions")
                    .baseUnit("records").tag("group", groupLag.group()).tag("topic", topic).register(registry);
            Gauge.builder("treebeard.consumer.lag.seconds", groupLag, l -> l.lag(topic).seconds())
                    .description("0 without lag; else now minus the commit time of the last record processed on the"
                            + " most-behind partition")
                    .baseUnit("seconds").tag("group", groupLag.group()).tag("topic", topic).register(registry);
        }
    }

    /** The key types the live consumer writes (regional catalogs are the CatalogFollower's, which is not timed). */
    private static final List<KeyType> LIVE_TYPES = List.of(KeyType.RECOMMENDATION, KeyType.USAGE_ANALYSIS, KeyType.PROFILE,
            KeyType.PLAN);

    private static Timer.Builder freshnessTimer(String name, String description) {
        return Timer.builder(name).description(description)
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2));
    }

    /** The metrics' clock in epoch milliseconds (one reading per batch for the freshness timers). */
    public long nowMillis() {
        return clock.millis();
    }

    /** Times a Redis write of {@code type} acknowledged at {@code nowMs} for a change committed at {@code commitMs}. */
    public void redisWritten(KeyType type, long commitMs, long nowMs) {
        Timer timer = redisFreshness.get(type);
        if (timer != null) {
            timer.record(CommitTimeHeader.millisSince(commitMs, nowMs), TimeUnit.MILLISECONDS);
        }
    }

    /** Times a read-model row committed at {@code nowMs} for a change committed at {@code commitMs}. */
    public void readModelWritten(long commitMs, long nowMs) {
        Timer timer = readModelFreshness;
        if (timer != null) {
            timer.record(CommitTimeHeader.millisSince(commitMs, nowMs), TimeUnit.MILLISECONDS);
        }
    }

    /** The live consumer group's lag and input progress. */
    public GroupLag groupLag() {
        return groupLag;
    }

    /** Counts {@code n} writes of {@code type} with {@code outcome}. */
    public void write(KeyType type, WriteOutcome outcome, long n) {
        writes.get(type).get(outcome).add(n);
    }

    /** Total writes of {@code type} with {@code outcome}. */
    public long writes(KeyType type, WriteOutcome outcome) {
        return writes.get(type).get(outcome).sum();
    }

    /** Counts a dead letter. */
    public void deadLetter() {
        deadLetters.increment();
    }

    /** Total dead letters. */
    public long deadLetters() {
        return deadLetters.sum();
    }

    /** Counts rows changed in the read model. */
    public void rows(long n) {
        rows.add(n);
    }

    /** Records whether consumption is paused. */
    public void paused(boolean isPaused) {
        this.paused = isPaused;
    }

    /** True while consumption is paused. */
    public boolean isPaused() {
        return paused;
    }

    /** A rebuild started that will replay about {@code total} records. */
    public void rebuildStarted(long total) {
        rebuilds.increment();
        rebuildKeys.set(0);
        rebuildTotal.set(total);
        rebuilding = true;
    }

    /** Adds to the expected total of the running rebuild. */
    public void rebuildTotal(long total) {
        rebuildTotal.set(total);
    }

    /** Counts keys written by the running rebuild. */
    public void rebuildKeys(long n) {
        rebuildKeys.addAndGet(n);
    }

    /** The rebuild finished (or failed). */
    public void rebuildEnded() {
        rebuilding = false;
    }

    /** True while a rebuild runs. */
    public boolean isRebuilding() {
        return rebuilding;
    }

    /** Keys written by the current (or last) rebuild. */
    public long rebuildKeyCount() {
        return rebuildKeys.get();
    }

    /** Number of rebuilds started. */
    public long rebuildCount() {
        return rebuilds.sum();
    }

    /** Records that a change from {@code sourceTime} reached Redis now, when it is the newest seen so far. */
    public void projected(Instant sourceTime) {
        if (sourceTime == null || sourceTime.isBefore(newestSource)) {
            return;
        }
        newestSource = sourceTime;
        endToEndMillis.set(Math.max(0, Duration.between(sourceTime, clock.instant()).toMillis()));
    }

    /** The end-to-end age of the newest projected change, in milliseconds. */
    public long endToEndMillis() {
        return endToEndMillis.get();
    }

    /** Records the consumer lag of {@code topic} (summed over its assigned partitions); other topics are ignored. */
    public void lag(String topic, long records) {
        AtomicLong value = lag.get(topic);
        if (value != null) {
            value.set(records);
        }
    }

    /** The last recorded lag of {@code topic}. */
    public long lag(String topic) {
        AtomicLong value = lag.get(topic);
        return value == null ? 0 : value.get();
    }
}
