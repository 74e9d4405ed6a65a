package io.treebeard.recommender.topology;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.state.FanoutJob;
import io.treebeard.recommender.state.MemoizingSerde;
import io.treebeard.recommender.state.PlanState;
import io.treebeard.recommender.state.StoreSerdes;
import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.json.JsonSerde;
import io.treebeard.schemas.topic.Topic;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the recommender topology: a pure function of its topics and settings, separate from the
 * {@code KafkaStreams} lifecycle, so it is tested with {@code TopologyTestDriver}.
 *
 * <pre>
 *   treebeard.usage    ──► usage-processor ───┐
 *   treebeard.profiles ──► profile-processor ─┼──► treebeard.usage-analysis
 *   treebeard.plans ──► plan-broadcast ──► plan-processor ─┼──► treebeard.recommendations
 *                                                           └──► treebeard.dlq.recommender (skipped fan-out work)
 * </pre>
 *
 * Each source is followed by an {@link InputProgress} (the input side of the lag gauges) and each output sink is
 * preceded by an {@link OutputFreshness} (the {@code treebeard.recommender.output.freshness} timer); both forward
 * records unchanged, and every processor keeps the input's headers, so the source commit time reaches the outputs.
 *
 * <p>All three processors share the per-user stores, so they form one sub-topology partitioned by user_id. The plan
 * stream is repartitioned to every partition (KIP-837 multicast), so every task keeps the whole catalog and recomputes
 * its own affected users. Every operator, store and repartition topic is named (see {@link StoreNames}).
 */
public final class RecommenderTopology {

    /**
     * What the topology needs besides topic handles.
     *
     * @param partitions partitions of the user-keyed input topics; the plan broadcast gets as many
     * @param clock      stamps {@code generated_at}
     * @param metrics    where processors count
     */
    public record Settings(int partitions, Clock clock, RecommenderMetrics metrics) {
    }

    /**
     * The topic handles the topology reads and writes (normally {@code Topics.*}).
     */
    public record Topics(
            Topic<String, io.treebeard.schemas.event.UsageChange> usage,
            Topic<String, io.treebeard.schemas.event.ProfileChange> profiles,
            Topic<String, PlanChange> plans,
            Topic<String, UsageAnalysis> usageAnalysis,
            Topic<String, RecommendationDocument> recommendations,
            Topic<String, DeadLetter> deadLetters) {

        /** The contract topics of section 7. */
        public static Topics contract() {
            return new Topics(io.treebeard.schemas.topic.Topics.USAGE, io.treebeard.schemas.topic.Topics.PROFILES,
                    io.treebeard.schemas.topic.Topics.PLANS, io.treebeard.schemas.topic.Topics.USAGE_ANALYSIS,
                    io.treebeard.schemas.topic.Topics.RECOMMENDATIONS, io.treebeard.schemas.topic.Topics.DLQ_RECOMMENDER);
        }
    }

    private static final String[] ALL_STORES = {
        StoreNames.USAGE_LEDGER, StoreNames.USAGE_PROFILES, StoreNames.USAGE_ANALYSES, StoreNames.PROFILES,
        StoreNames.USER_DOCS, StoreNames.PLAN_CATALOG, StoreNames.PLANS_BY_REGION, StoreNames.USERS_BY_REGION,
        StoreNames.USERS_BY_CURRENT_PLAN, StoreNames.PLAN_FANOUT
    };

    private RecommenderTopology() {
    }

    /** Builds the topology. */
    public static Topology buildTopology(Topics topics, Settings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder);
        Clock clock = settings.clock();
        RecommenderMetrics metrics = settings.metrics();

        KStream<String, Output> fromUsage = builder
                .stream(topics.usage().name(), consumed(topics.usage(), "usage-source"))
                .processValues(() -> new InputProgress<>(metrics), Named.as("usage-progress"))
                .process(() -> new UsageProcessor(clock, metrics), Named.as("usage-processor"), ALL_STORES);
        KStream<String, Output> fromProfiles = builder
                .stream(topics.profiles().name(), consumed(topics.profiles(), "profiles-source"))
                .processValues(() -> new InputProgress<>(metrics), Named.as("profiles-progress"))
                .process(() -> new ProfileProcessor(clock, metrics), Named.as("profile-processor"), ALL_STORES);
        KStream<String, Output> fromPlans = builder
                .stream(topics.plans().name(), consumed(topics.plans(), "plans-source"))
                .processValues(() -> new InputProgress<>(metrics), Named.as("plans-progress"))
                .filter((planId, change) -> change != null, Named.as("drop-plan-tombstones"))
                .repartition(Repartitioned.<String, PlanChange>as(StoreNames.PLAN_BROADCAST)
                        .withKeySerde(topics.plans().keySerde())
                        .withValueSerde(topics.plans().valueSerde())
                        .withNumberOfPartitions(settings.partitions())
                        .withStreamPartitioner(toEveryPartition()))
                .processValues(() -> new InputProgress<>(metrics), Named.as("plan-broadcast-progress"))
                .process(() -> new PlanProcessor(clock, metrics), Named.as("plan-processor"), ALL_STORES);

        KStream<String, Output> outputs = fromUsage
                .merge(fromProfiles, Named.as("merge-profile-outputs"))
                .merge(fromPlans, Named.as("merge-plan-outputs"));
        outputs.filter((k, v) -> v instanceof Output.Analysis, Named.as("only-analyses"))
                .mapValues(v -> ((Output.Analysis) v).value(), Named.as("unwrap-analyses"))
                .processValues(() -> new OutputFreshness<>(RecommenderMetrics.Output.USAGE_ANALYSIS, clock, metrics),
                        Named.as("usage-analysis-freshness"))
                .to(topics.usageAnalysis().name(), produced(topics.usageAnalysis(), "usage-analysis-sink"));
        outputs.filter((k, v) -> v instanceof Output.Document, Named.as("only-documents"))
                .mapValues(v -> ((Output.Document) v).value(), Named.as("unwrap-documents"))
                .processValues(() -> new OutputFreshness<>(RecommenderMetrics.Output.RECOMMENDATION, clock, metrics),
                        Named.as("recommendations-freshness"))
                // The topic's JSON, written field by field (DocumentJson): one document per user of a plan-change fan-out.
                .to(topics.recommendations().name(), Produced.with(topics.recommendations().keySerde(),
                        Serdes.serdeFrom(new DocumentJson(), topics.recommendations().valueSerde().deserializer()))
                        .withName("recommendations-sink"));
        // Work a processor skipped outside of a record's processing (a plan fan-out's user that failed to recompute).
        outputs.filter((k, v) -> v instanceof Output.Failure, Named.as("only-failures"))
                .mapValues(v -> ((Output.Failure) v).value(), Named.as("unwrap-failures"))
                .to(topics.deadLetters().name(), produced(topics.deadLetters(), "dead-letter-sink"));
        return builder.build();
    }

    private static void addStores(StreamsBuilder builder) {
        store(builder, StoreNames.USAGE_LEDGER, StoreSerdes.usageLedgers());
        store(builder, StoreNames.USAGE_PROFILES, StoreSerdes.usageProfiles());
        store(builder, StoreNames.USAGE_ANALYSES, StoreSerdes.analyses());
        store(builder, StoreNames.PROFILES, StoreSerdes.profiles());
        store(builder, StoreNames.USER_DOCS, StoreSerdes.docs());
        // Read once per plan for every recomputed user, changed rarely: parsed once per distinct value.
        store(builder, StoreNames.PLAN_CATALOG, new MemoizingSerde<>(JsonSerde.of(PlanState.class)));
        store(builder, StoreNames.PLANS_BY_REGION, Serdes.String());
        store(builder, StoreNames.USERS_BY_REGION, Serdes.String());
        store(builder, StoreNames.USERS_BY_CURRENT_PLAN, Serdes.String());
        store(builder, StoreNames.PLAN_FANOUT, JsonSerde.of(FanoutJob.class));
    }

    private static <V> void store(StreamsBuilder builder, String name, Serde<V> valueSerde) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde));
    }

    /** Sends each plan change to every partition, so every task sees every plan. */
    static <V> StreamPartitioner<String, V> toEveryPartition() {
        return (topic, key, value, numPartitions) ->
                Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
    }

    private static <V> Consumed<String, V> consumed(Topic<String, V> topic, String name) {
        return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    private static <V> Produced<String, V> produced(Topic<String, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    /** The topics the application's consumer group reads: the three inputs and the plan broadcast's repartition topic. */
    public static List<String> inputTopics(Topics topics, String applicationId) {
        return List.of(topics.usage().name(), topics.profiles().name(), topics.plans().name(),
                applicationId + "-" + StoreNames.PLAN_BROADCAST + "-repartition");
    }

    static Set<String> storeNames() {
        return Set.of(ALL_STORES);
    }
}
