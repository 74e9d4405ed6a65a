package io.treebeard.recommender.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.recommender.topology.RecommenderTopology;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.json.JsonSerde;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.tariff.UsageProfile;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;

/**
 * Every store value round-trips through its store's serde, whatever it holds (the serdes of {@link
 * RecommenderTopology}'s stores); corrupt binary values fail as {@link SerializationException}, never as an
 * {@link OutOfMemoryError} or a wrong value; JSON values written by earlier releases are still read.
 */
class StoreSerdesPropertiesTest {

    @Property(tries = 300)
    void profilesRoundTrip(@ForAll("profileStates") ProfileState value) {
        assertRoundTrip(StoreSerdes.profiles(), value);
    }

    @Property(tries = 300)
    void usageProfilesRoundTrip(@ForAll("usageProfiles") UsageProfile value) {
        assertRoundTrip(StoreSerdes.usageProfiles(), value);
    }

    @Property(tries = 300)
    void usageLedgersRoundTrip(@ForAll("usageStates") UsageState value) {
        assertRoundTrip(StoreSerdes.usageLedgers(), value);
    }

    @Property(tries = 300)
    void usageAnalysesRoundTrip(@ForAll("analysisStates") AnalysisState value) {
        assertRoundTrip(StoreSerdes.analyses(), value);
    }

    @Property(tries = 300)
    void documentsRoundTrip(@ForAll("docStates") DocState value) {
        assertRoundTrip(StoreSerdes.docs(), value);
    }

    @Property(tries = 200)
    void catalogEntriesRoundTrip(@ForAll("planStates") PlanState value) {
        Serde<PlanState> serde = new MemoizingSerde<>(JsonSerde.of(PlanState.class));
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", value))).isEqualTo(value);
    }

    @Property(tries = 200)
    void fanoutJobsRoundTrip(@ForAll("fanoutJobs") FanoutJob value) {
        Serde<FanoutJob> serde = JsonSerde.of(FanoutJob.class);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", value))).isEqualTo(value);
    }

    @Property(tries = 200)
    void analysesWrittenAsJsonByEarlierReleasesAreStillRead(@ForAll("analysisStates") AnalysisState value) {
        byte[] current = JsonSerde.of(AnalysisState.class).toBytes(value);
        assertThat(StoreSerdes.analyses().deserializer().deserialize("t", current)).isEqualTo(value);
        if (value.live()) {
            byte[] bare = JsonSerde.of(UsageAnalysis.class).toBytes(value.analysis());
            assertThat(StoreSerdes.analyses().deserializer().deserialize("t", bare))
                    .isEqualTo(new AnalysisState(value.analysis(), value.analysis().version()));
        }
    }

    @Property(tries = 300)
    void aTruncatedValueFailsAsASerializationError(@ForAll("anyStoreValue") Encoded value, @ForAll @IntRange(min = 1,
            max = 10_000) int cut) {
        // Any shorter length, from the format byte alone to all but the last byte.
        int length = 1 + cut % (value.bytes().length - 1);
        byte[] truncated = Arrays.copyOf(value.bytes(), length);
        assertThatThrownBy(() -> value.serde().deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class);
    }

    @Property(tries = 500)
    void anyCorruptValueFailsAsASerializationErrorOrReadsBackWithoutError(@ForAll("anyStoreValue") Encoded value,
            @ForAll @IntRange(min = 1, max = 100_000) int at, @ForAll byte[] noise) {
        byte[] corrupt = value.bytes().clone();
        for (int k = 0; k < noise.length; k++) {
            corrupt[1 + (at + k) % (corrupt.length - 1)] ^= noise[k];
        }
        try {
            value.serde().deserializer().deserialize("t", corrupt);
        } catch (SerializationException expected) {
            // a clear failure; anything else (an OutOfMemoryError, an unchecked exception) fails the property
        }
    }

    @Property(tries = 300)
    void aHugeCountIsRefusedBeforeAnythingIsAllocated(@ForAll("countedValues") Encoded value,
            @ForAll @IntRange(min = 1_000_000, max = Integer.MAX_VALUE) int count) {
        // Every counted list's count field is overwritten in turn; none may allocate for it.
        for (int offset : value.countOffsets()) {
            byte[] corrupt = value.bytes().clone();
            ByteBuffer.wrap(corrupt).putInt(offset, count);
            assertThatThrownBy(() -> value.serde().deserializer().deserialize("t", corrupt))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("count");
        }
    }

    /** An encoded store value with its serde, and (for some) where its counts sit. */
    record Encoded(Serde<?> serde, byte[] bytes, int[] countOffsets) {
    }

    @Provide
    Arbitrary<Encoded> anyStoreValue() {
        return Arbitraries.oneOf(
                profileStates().map(v -> encoded(StoreSerdes.profiles(), v)),
                usageProfiles().map(v -> encoded(StoreSerdes.usageProfiles(), v)),
                usageStates().map(v -> encoded(StoreSerdes.usageLedgers(), v)),
                analysisStates().map(v -> encoded(StoreSerdes.analyses(), v)),
                docStates().map(v -> encoded(StoreSerdes.docs(), v)));
    }

    @Provide
    Arbitrary<Encoded> countedValues() {
        // Values whose first counted list sits at a known offset: after the format byte, or after date and format.
        return Arbitraries.oneOf(
                usageStates().map(v -> new Encoded(StoreSerdes.usageLedgers(), bytes(StoreSerdes.usageLedgers(), v), new int[] {1})),
                usageProfiles().filter(u -> u.asOf() != null).map(v -> new Encoded(StoreSerdes.usageProfiles(),
                        bytes(StoreSerdes.usageProfiles(), v), new int[] {1 + 9})),
                analysisStates().filter(a -> a.live() && a.analysis().asOf() != null).map(v -> new Encoded(StoreSerdes.analyses(),
                        bytes(StoreSerdes.analyses(), v), new int[] {1 + 8 + 1 + 4 + utf8Length(v.analysis().userId()) + 8 + 9})));
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static <T> Encoded encoded(Serde<T> serde, T value) {
        return new Encoded(serde, bytes(serde, value), new int[0]);
    }

    private static <T> byte[] bytes(Serde<T> serde, T value) {
        return serde.serializer().serialize("t", value);
    }

    private static <T> void assertRoundTrip(Serde<T> serde, T value) {
        byte[] bytes = serde.serializer().serialize("t", value);
        assertThat(bytes[0]).isIn(StoreSerdes.FORMAT, StoreSerdes.FORMAT_LEDGER_WITH_FLOOR);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
    }

    // --- generators

    @Provide
    Arbitrary<ProfileState> profileStates() {
        Arbitrary<Preferences> prefs = Combinators.combine(doubles().injectNull(0.3), Arbitraries.integers().injectNull(0.3),
                Arbitraries.integers().injectNull(0.3)).as(Preferences::new);
        Arbitrary<UserProfile> profile = Combinators.combine(strings(), strings().injectNull(0.2), strings().injectNull(0.3),
                dates().injectNull(0.3), prefs, instants().injectNull(0.2)).as(UserProfile::new);
        return Combinators.combine(profile.injectNull(0.1), Arbitraries.longs()).as(ProfileState::new);
    }

    @Provide
    Arbitrary<UsageProfile> usageProfiles() {
        Arbitrary<UsageProfile.MonthUsage> month = Combinators.combine(Arbitraries.integers().between(-999_999_999, 999_999_999),
                Arbitraries.integers().between(1, 12), doubles(), doubles(), Arbitraries.integers())
                .as((y, m, kwh, peak, days) -> new UsageProfile.MonthUsage(YearMonth.of(y, m), kwh, peak, days));
        Arbitrary<UsageProfile> withReadings = Combinators.combine(dates(), month.list().ofSize(UsageProfile.WINDOW_MONTHS),
                doubles(), doubles(), doubles(), Arbitraries.integers(), doubles()).as(UsageProfile::new);
        return Arbitraries.oneOf(withReadings, Arbitraries.just(UsageProfile.EMPTY));
    }

    @Provide
    Arbitrary<UsageState> usageStates() {
        Arbitrary<UsageState.Day> day = Combinators.combine(dates().injectNull(0.05), decimals().injectNull(0.2),
                decimals().injectNull(0.5), Arbitraries.longs(), Arbitraries.of(true, false)).as(UsageState.Day::new);
        return Combinators.combine(day.list().ofMaxSize(40), Arbitraries.oneOf(Arbitraries.just(UsageState.NO_FLOOR),
                Arbitraries.longs())).as(UsageState::new);
    }

    @Provide
    Arbitrary<AnalysisState> analysisStates() {
        Arbitrary<UsageAnalysis.Month> month = Combinators.combine(strings(), doubles(), doubles(), Arbitraries.integers())
                .as(UsageAnalysis.Month::new);
        Arbitrary<UsageAnalysis> analysis = Builders.withBuilder(() -> new Object[9])
                .use(strings().injectNull(0.05)).in((a, v) -> set(a, 0, v))
                .use(Arbitraries.longs()).in((a, v) -> set(a, 1, v))
                .use(dates().injectNull(0.2)).in((a, v) -> set(a, 2, v))
                .use(month.list().ofMaxSize(13)).in((a, v) -> set(a, 3, v))
                .use(doubles()).in((a, v) -> set(a, 4, v))
                .use(doubles()).in((a, v) -> set(a, 5, v))
                .use(doubles()).in((a, v) -> set(a, 6, v))
                .use(Arbitraries.integers()).in((a, v) -> set(a, 7, v))
                .use(doubles()).in((a, v) -> set(a, 8, v))
                .build(StoreSerdesPropertiesTest::analysis);
        return Combinators.combine(analysis.injectNull(0.15), Arbitraries.longs()).as(AnalysisState::new);
    }

    @SuppressWarnings("unchecked")
    private static UsageAnalysis analysis(Object[] a) {
        return new UsageAnalysis((String) a[0], (Long) a[1], (LocalDate) a[2], (List<UsageAnalysis.Month>) a[3], (Double) a[4],
                (Double) a[5], (Double) a[6], (Integer) a[7], (Double) a[8]);
    }

    private static Object[] set(Object[] a, int index, Object value) {
        a[index] = value;
        return a;
    }

    @Provide
    Arbitrary<DocState> docStates() {
        Arbitrary<RecommendationDocument.Recommendation> rec = Builders.withBuilder(() -> new Object[12])
                .use(Arbitraries.integers()).in((a, v) -> set(a, 0, v))
                .use(strings().injectNull(0.05)).in((a, v) -> set(a, 1, v))
                .use(strings().injectNull(0.1)).in((a, v) -> set(a, 2, v))
                .use(strings().injectNull(0.1)).in((a, v) -> set(a, 3, v))
                .use(decimals().injectNull(0.1)).in((a, v) -> set(a, 4, v))
                .use(decimals().list().ofMaxSize(12)).in((a, v) -> set(a, 5, v))
                .use(decimals().injectNull(0.1)).in((a, v) -> set(a, 6, v))
                .use(decimals().injectNull(0.1)).in((a, v) -> set(a, 7, v))
                .use(decimals().injectNull(0.3)).in((a, v) -> set(a, 8, v))
                .use(decimals().injectNull(0.1)).in((a, v) -> set(a, 9, v))
                .use(Arbitraries.integers()).in((a, v) -> set(a, 10, v))
                .use(strings().list().ofMaxSize(5)).in((a, v) -> set(a, 11, v))
                .build(StoreSerdesPropertiesTest::recommendation);
        Arbitrary<RecommendationDocument.CurrentPlan> current = Combinators.combine(strings().injectNull(0.1),
                decimals().injectNull(0.2)).as(RecommendationDocument.CurrentPlan::new);
        Arbitrary<RecommendationDocument> doc = Builders.withBuilder(() -> new Object[11])
                .use(strings().injectNull(0.05)).in((a, v) -> set(a, 0, v))
                .use(Arbitraries.longs()).in((a, v) -> set(a, 1, v))
                .use(instants().injectNull(0.1)).in((a, v) -> set(a, 2, v))
                .use(dates().injectNull(0.2)).in((a, v) -> set(a, 3, v))
                .use(Arbitraries.of(RecommendationDocument.Status.class).injectNull(0.1)).in((a, v) -> set(a, 4, v))
                .use(strings().injectNull(0.1)).in((a, v) -> set(a, 5, v))
                .use(doubles()).in((a, v) -> set(a, 6, v))
                .use(doubles()).in((a, v) -> set(a, 7, v))
                .use(Arbitraries.integers()).in((a, v) -> set(a, 8, v))
                .use(current.injectNull(0.3)).in((a, v) -> set(a, 9, v))
                .use(rec.list().ofMaxSize(6)).in((a, v) -> set(a, 10, v))
                .build(StoreSerdesPropertiesTest::document);
        return Combinators.combine(doc.injectNull(0.1), Arbitraries.longs()).as(DocState::new);
    }

    @SuppressWarnings("unchecked")
    private static RecommendationDocument.Recommendation recommendation(Object[] a) {
        return new RecommendationDocument.Recommendation((Integer) a[0], (String) a[1], (String) a[2], (String) a[3],
                (BigDecimal) a[4], (List<BigDecimal>) a[5], (BigDecimal) a[6], (BigDecimal) a[7], (BigDecimal) a[8],
                (BigDecimal) a[9], (Integer) a[10], (List<String>) a[11]);
    }

    @SuppressWarnings("unchecked")
    private static RecommendationDocument document(Object[] a) {
        return new RecommendationDocument((String) a[0], (Long) a[1], (Instant) a[2], (LocalDate) a[3],
                (RecommendationDocument.Status) a[4], (String) a[5], (Double) a[6], (Double) a[7], (Integer) a[8],
                (RecommendationDocument.CurrentPlan) a[9], (List<RecommendationDocument.Recommendation>) a[10]);
    }

    @Provide
    Arbitrary<PlanState> planStates() {
        Arbitrary<RateStructure.Energy> energy = Arbitraries.oneOf(
                finite().map(RateStructure.Flat::new),
                Combinators.combine(finite().injectNull(0.3), finite()).as(RateStructure.Tier::new).list().ofMinSize(1).ofMaxSize(4)
                        .map(RateStructure.Tiered::new),
                Combinators.combine(finite(), finite()).as(RateStructure.Tou::new));
        Arbitrary<RateStructure> rates = Combinators.combine(finite(), energy,
                Combinators.combine(finite(), finite().injectNull(0.5), finite()).as(RateStructure.BillCredit::new).list().ofMaxSize(3),
                Combinators.combine(finite(), finite()).as(RateStructure.MinimumUsage::new).injectNull(0.5)).as(RateStructure::new);
        Arbitrary<Plan> plan = Builders.withBuilder(() -> new Object[10])
                .use(strings()).in((a, v) -> set(a, 0, v))
                .use(strings()).in((a, v) -> set(a, 1, v))
                .use(strings()).in((a, v) -> set(a, 2, v))
                .use(strings().list().ofMaxSize(4)).in((a, v) -> set(a, 3, v))
                .use(Arbitraries.of(true, false)).in((a, v) -> set(a, 4, v))
                .use(rates).in((a, v) -> set(a, 5, v))
                .use(cents()).in((a, v) -> set(a, 6, v))
                .use(Arbitraries.integers().between(0, 60)).in((a, v) -> set(a, 7, v))
                .use(cents()).in((a, v) -> set(a, 8, v))
                .use(instants().injectNull(0.2)).in((a, v) -> set(a, 9, v))
                .build(StoreSerdesPropertiesTest::plan);
        return Combinators.combine(plan.injectNull(0.1), Arbitraries.longs()).as(PlanState::new);
    }

    @SuppressWarnings("unchecked")
    private static Plan plan(Object[] a) {
        return new Plan((String) a[0], (String) a[1], (String) a[2], (List<String>) a[3], (Boolean) a[4], (RateStructure) a[5],
                (BigDecimal) a[6], (Integer) a[7], (BigDecimal) a[8], (Instant) a[9]);
    }

    @Provide
    Arbitrary<FanoutJob> fanoutJobs() {
        return Combinators.combine(strings().list().ofMaxSize(5), Arbitraries.integers().between(-1, 10), strings().injectNull(0.3),
                Arbitraries.of(true, false), Arbitraries.integers().between(-1, 10), strings().injectNull(0.5),
                Arbitraries.longs().between(0, 4_102_444_800_000L).injectNull(0.3)).as(FanoutJob::new);
    }

    private static Arbitrary<String> strings() {
        // Well-formed text (no lone surrogates: they have no UTF-8 form, and neither JSON input nor PostgreSQL text has them).
        return Arbitraries.oneOf(Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff')
                .ofMaxLength(12), Arbitraries.of("", "\u00e9\ud83d\ude00", "a|b"));
    }

    /** Any double, NaN, infinities and negative zero included: binary values keep the bits. */
    private static Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0,
                Double.MIN_VALUE, Double.MAX_VALUE), Arbitraries.longs().map(Double::longBitsToDouble));
    }

    /** Finite doubles for the JSON stores. */
    private static Arbitrary<Double> finite() {
        return Arbitraries.doubles().between(-1e9, 1e9);
    }

    private static Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(Arbitraries.longs().map(BigInteger::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(100).negate(), BigInteger.TWO.pow(100)));
        return Combinators.combine(unscaled, Arbitraries.integers().between(-20, 20)).as(BigDecimal::new);
    }

    private static Arbitrary<BigDecimal> cents() {
        return Arbitraries.longs().between(0, 100_000_000).map(c -> BigDecimal.valueOf(c, 2));
    }

    private static Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()).map(LocalDate::ofEpochDay);
    }

    private static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
    }
}
