package io.treebeard.recommender.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.treebeard.schemas.topic.GroupLag;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.header.Headers;

/**
 * Every metric of the stream application, recorded into plain counters by the processors (which run without a
 * registry in tests) and exposed under {@code treebeard.recommender.*} by {@link #bindTo}.
 */
public final class RecommenderMetrics implements MeterBinder {

    /** An input topic. */
    public enum Input { USAGE, PROFILES, PLANS }

    /** Why a user's document was recomputed. */
    public enum Cause { USAGE, PROFILE, PLAN }

    /** An output topic whose records are timed; the lowercase name is the {@code output} tag. */
    public enum Output { RECOMMENDATION, USAGE_ANALYSIS }

    private final Map<Input, LongAdder> processed = adders(Input.class);
    private final Map<Input, LongAdder> duplicates = adders(Input.class);
    private final Map<Cause, LongAdder> recomputations = adders(Cause.class);
    private final LongAdder emitted = new LongAdder();
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder skippedByTopN = new LongAdder();
    private final LongAdder rescoredOnly = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder stallRestarts = new LongAdder();
    /** Plan fan-outs still walking their users, per stream task (each task walks its own users). */
    private final Map<String, Integer> pendingFanouts = new ConcurrentHashMap<>();
    /** The Kafka Streams application's consumer group: its input progress and sampled lag. */
    private final GroupLag lag;
    /** The output-freshness timers; empty until bound (what is recorded before, e.g. in topology tests, is dropped). */
    private volatile Map<Output, Timer> freshness = Map.of();

    /** Metrics without lag gauges (topology tests, tools). */
    public RecommenderMetrics() {
        this(new GroupLag("", List.of()));
    }

    /** Metrics reporting the lag of the application's consumer group as {@code lag} holds it. */
    public RecommenderMetrics(GroupLag lag) {
        this.lag = lag;
    }

    private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
        Map<E, LongAdder> map = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            map.put(e, new LongAdder());
        }
        return map;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        processed.forEach((input, n) -> counter(registry, "treebeard.recommender.processed.records", n,
                "Input records processed", "records").tag("input", name(input)).register(registry));
        duplicates.forEach((input, n) -> counter(registry, "treebeard.recommender.duplicate.records", n,
                "Input records dropped as replays (LSN not after the last applied)", "records")
                .tag("input", name(input)).register(registry));
        recomputations.forEach((cause, n) -> counter(registry, "treebeard.recommender.recomputations", n,
                "Full recomputations of a user's recommendations", "recomputations").tag("cause", name(cause))
                .register(registry));
        counter(registry, "treebeard.recommender.emitted.documents", emitted,
                "Documents published because their content changed", "documents").register(registry);
        counter(registry, "treebeard.recommender.suppressed.documents", suppressed,
                "Recomputed documents not published because their content did not change", "documents").register(registry);
        counter(registry, "treebeard.recommender.topn.skipped.users", skippedByTopN,
                "Users a plan change reached whose stored top-N showed the change could not alter their document", "users")
                .register(registry);
        counter(registry, "treebeard.recommender.topn.rescored.users", rescoredOnly,
                "Users a plan change reached whose document was updated by re-scoring only the changed plan", "users")
                .register(registry);
        Gauge.builder("treebeard.recommender.fanout.pending", this, RecommenderMetrics::pendingFanouts)
                .description("Plan changes whose users are still being visited (summed over this instance's tasks); 0 when"
                        + " every document a plan change affects has been published")
                .baseUnit("jobs").register(registry);
        counter(registry, "treebeard.recommender.dlq.records", deadLetters,
                "Records sent to treebeard.dlq.recommender", "records").register(registry);
        counter(registry, "treebeard.recommender.stall.restarts", stallRestarts,
                "Kafka Streams clients replaced because the consumer group made no progress with records behind"
                        + " (or the client was in ERROR)", "restarts").register(registry);
        Map<Output, Timer> timers = new EnumMap<>(Output.class);
        for (Output output : Output.values()) {
            timers.put(output, Timer.builder("treebeard.recommender.output.freshness")
                    .description("Source commit to the output record handed to the producer in the exactly-once transaction"
                            + " (visible to read-committed consumers at the next commit)")
                    .tag("output", name(output))
                    .publishPercentiles(0.5, 0.99)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(2))
                    .register(registry));
        }
        freshness = timers;
        for (String topic : lag.topics()) {
            Gauge.builder("treebeard.consumer.lag.records", lag, l -> l.lag(topic).recordsGauge())
                    .description("End offset minus the group's committed position, summed over the topic's partitions")
                    .baseUnit("records").tag("group", lag.group()).tag("topic", topic).register(registry);
            Gauge.builder("treebeard.consumer.lag.seconds", lag, l -> l.lag(topic).seconds())
                    .description("0 without lag; else now minus the commit time of the last record processed on the"
                            + " most-behind partition")
                    .baseUnit("seconds").tag("group", lag.group()).tag("topic", topic).register(registry);
        }
    }

    /** Times an output record handed to the producer {@code millis} after its source commit. */
    public void outputFreshness(Output output, long millis) {
        Timer timer = freshness.get(output);
        if (timer != null) {
            timer.record(millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Notes the last input record processed on {@code partition} of {@code topic} (for the lag in seconds). */
    public void inputProcessed(String topic, int partition, Headers headers, long timestampMs) {
        lag.processed(topic, partition, headers, timestampMs);
    }

    /** The application's consumer-group lag. */
    public GroupLag lag() {
        return lag;
    }

    private static FunctionCounter.Builder<LongAdder> counter(MeterRegistry registry, String name, LongAdder adder,
            String description, String unit) {
        return FunctionCounter.builder(name, adder, LongAdder::sum).description(description).baseUnit(unit);
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Records how many plan fan-outs {@code task} still has to walk; 0 removes the task. */
    public void pendingFanouts(String task, int jobs) {
        if (jobs <= 0) {
            pendingFanouts.remove(task);
        } else {
            pendingFanouts.put(task, jobs);
        }
    }

    /** Plan fan-outs still walking their users, over every task of this instance. */
    public int pendingFanouts() {
        return pendingFanouts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Counts an input record. */
    public void processed(Input input) {
        processed.get(input).increment();
    }

    /** Counts a replayed input record. */
    public void duplicate(Input input) {
        duplicates.get(input).increment();
    }

    /** Counts a full recomputation. */
    public void recomputed(Cause cause) {
        recomputations.get(cause).increment();
    }

    /** Counts a published document. */
    public void emitted() {
        emitted.increment();
    }

    /** Counts a document whose content did not change. */
    public void suppressed() {
        suppressed.increment();
    }

    /** Counts a user whose top-N made a plan change irrelevant. */
    public void skippedByTopN() {
        skippedByTopN.increment();
    }

    /** Counts a user whose document was spliced from the stored top-N instead of fully recomputed. */
    public void rescoredOnly() {
        rescoredOnly.increment();
    }

    /** Counts a dead letter. */
    public void deadLetter() {
        deadLetters.increment();
    }

    /** Counts a Kafka Streams client replaced by the stall watch. */
    public void stallRestart() {
        stallRestarts.increment();
    }

    /** Total records dead-lettered. */
    public long deadLetterCount() {
        return deadLetters.sum();
    }

    /** Total documents published. */
    public long emittedCount() {
        return emitted.sum();
    }

    /** Total documents suppressed. */
    public long suppressedCount() {
        return suppressed.sum();
    }

    /** Full recomputations for {@code cause}. */
    public long recomputations(Cause cause) {
        return recomputations.get(cause).sum();
    }
}
