package io.treebeard.schemas;

import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.RecommendationDocument.CurrentPlan;
import io.treebeard.schemas.event.RecommendationDocument.Recommendation;
import io.treebeard.schemas.event.RecommendationDocument.Status;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.RateStructure.BillCredit;
import io.treebeard.schemas.model.RateStructure.MinimumUsage;
import io.treebeard.schemas.model.RateStructure.Tier;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Test data: topic value records built in Java, covering every kind of value and every nullable member as null. */
public final class Fixtures {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123Z");
    private static final SourcePosition SOURCE = new SourcePosition(24_023_128L, 771L, T0, false);
    private static final SourcePosition SNAPSHOT = new SourcePosition(5_000_000_000L, null, Instant.parse("2026-11-25T09:00:00Z"), true);

    private Fixtures() {
    }

    /** (topic, value, label) for every fixture, for parameterized tests. */
    public static Stream<Arguments> topicValues() {
        return Stream.of(
                Arguments.of(Topics.PLANS, new PlanChange(ChangeOp.CREATE, "p-3", null, tieredPlan(), SOURCE), "plan created"),
                Arguments.of(Topics.PLANS, new PlanChange(ChangeOp.UPDATE, "p-7", touPlan(), flatPlan(), SOURCE), "plan updated"),
                Arguments.of(Topics.PLANS, new PlanChange(ChangeOp.READ, "p-7", null, touPlan(), SNAPSHOT), "plan snapshot read"),
                Arguments.of(Topics.PLANS, new PlanChange(ChangeOp.DELETE, "p-7", null, null, SOURCE), "plan deleted"),
                Arguments.of(Topics.PROFILES, new ProfileChange(ChangeOp.CREATE, "u-1", null, profile(), SOURCE), "profile created"),
                Arguments.of(Topics.PROFILES, new ProfileChange(ChangeOp.UPDATE, "u-2", profile(), bareProfile(), SOURCE),
                        "profile updated"),
                Arguments.of(Topics.PROFILES, new ProfileChange(ChangeOp.DELETE, "u-2", null, null, SOURCE), "profile deleted"),
                Arguments.of(Topics.USAGE, usage(ChangeOp.CREATE, new BigDecimal("12.100")), "reading with peak"),
                Arguments.of(Topics.USAGE, usage(ChangeOp.UPDATE, null), "reading without peak"),
                Arguments.of(Topics.USAGE, new UsageChange(ChangeOp.DELETE, "u-1", LocalDate.of(2026, 10, 31), null, SOURCE),
                        "reading deleted"),
                Arguments.of(Topics.USAGE_ANALYSIS, analysis(), "usage analysis"),
                Arguments.of(Topics.USAGE_ANALYSIS, new UsageAnalysis("u-77", 1, null, List.of(), 0, 0, 0.4, 0, 0), "no readings"),
                Arguments.of(Topics.RECOMMENDATIONS, recommendations(), "recommendations"),
                Arguments.of(Topics.RECOMMENDATIONS, recommendationsWithoutCurrentPlan(), "without current plan"),
                Arguments.of(Topics.RECOMMENDATIONS, new RecommendationDocument("u-77", 1, T0, null, Status.insufficient_usage, "TX-SOUTH",
                        0, 0, 0, null, List.of()), "insufficient usage"),
                Arguments.of(Topics.DLQ_INGEST, new DeadLetter("ingest", "rate_structure.energy.type: must be one of flat, tiered, tou",
                        null, "public.plan_catalog", -1, 24_025_010L, "p-13", "{}", T0), "ingest dead letter"),
                Arguments.of(Topics.DLQ_RECOMMENDER, new DeadLetter("recommender", "Cannot deserialise", "java.lang.IllegalStateException",
                        "treebeard.profiles", 2, 4711, "u-9", "{\"op\":\"x\"}", T0), "recommender dead letter"),
                Arguments.of(Topics.DLQ_PROJECTOR, new DeadLetter("projector", "record without key", null, "treebeard.recommendations",
                        0, 1288, null, null, T0), "projector dead letter"));
    }

    /** The topics of {@link Topics#ALL} as arguments. */
    public static Stream<Topic<String, ?>> topics() {
        return Topics.ALL.stream();
    }

    static Plan tieredPlan() {
        RateStructure rates = new RateStructure(4.95,
                new RateStructure.Tiered(List.of(new Tier(1000.0, 0.10), new Tier(null, 0.15))),
                List.of(new BillCredit(1000, 2000.0, 100), new BillCredit(2000, null, 25)),
                new MinimumUsage(500, 9.95));
        return new Plan("p-3", "Lone Star Power", "Green Saver 12", List.of("TX-NORTH", "TX-SOUTH"), true, rates,
                new BigDecimal("100.00"), 12, new BigDecimal("150.00"), T0);
    }

    static Plan touPlan() {
        RateStructure rates = new RateStructure(9.95, new RateStructure.Tou(0.22, 0.08), List.of(), null);
        return new Plan("p-7", "Night Owl Energy", "Free Nights", List.of("TX-SOUTH"), true, rates,
                new BigDecimal("35.75"), 0, new BigDecimal("0.00"), T0);
    }

    static Plan flatPlan() {
        RateStructure rates = new RateStructure(0, new RateStructure.Flat(0.129), List.of(), null);
        return new Plan("p-7", "Night Owl Energy", "Flat Nights", List.of("TX-SOUTH"), false, rates,
                new BigDecimal("35.75"), 24, new BigDecimal("200.00"), T0);
    }

    static UserProfile profile() {
        return new UserProfile("u-1", "TX-NORTH", "p-9", LocalDate.of(2027, 3, 31), new Preferences(50.0, 12, 3), T0);
    }

    static UserProfile bareProfile() {
        return new UserProfile("u-2", "TX-SOUTH", null, null, null, T0);
    }

    static UsageChange usage(ChangeOp op, BigDecimal peakKwh) {
        LocalDate day = LocalDate.of(2026, 10, 31);
        return new UsageChange(op, "u-1", day, new UsageReading("u-1", day, new BigDecimal("31.250"), peakKwh), SOURCE);
    }

    static UsageAnalysis analysis() {
        List<UsageAnalysis.Month> window = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            String month = LocalDate.of(2025, 11, 1).plusMonths(m).toString().substring(0, 7);
            window.add(new UsageAnalysis.Month(month, 1000.5 + m, 0.38 * (1000.5 + m), 28 + m % 4));
        }
        return new UsageAnalysis("u-1", 9, LocalDate.of(2026, 10, 31), window, 12072.0, 33.075, 0.38, 12, 1.0);
    }

    static RecommendationDocument recommendations() {
        List<BigDecimal> costs = Collections.nCopies(12, new BigDecimal("119.34"));
        Recommendation withSavings = new Recommendation(1, "p-3", "Lone Star Power", "Green Saver 12", new BigDecimal("1432.08"),
                costs, new BigDecimal("222.12"), new BigDecimal("150.00"), new BigDecimal("72.12"), new BigDecimal("100.00"), 12,
                List.of("Saves $222.12 a year", "100% renewable"));
        return new RecommendationDocument("u-1", 17, T0, LocalDate.of(2026, 10, 31), Status.ok, "TX-NORTH", 1.0, 12456.7, 12,
                new CurrentPlan("p-9", new BigDecimal("1654.20")), List.of(withSavings));
    }

    static RecommendationDocument recommendationsWithoutCurrentPlan() {
        List<BigDecimal> costs = Collections.nCopies(12, new BigDecimal("125.87"));
        Recommendation unknownSavings = new Recommendation(1, "p-5", "Prairie Wind Co", "Breeze 6", new BigDecimal("1510.44"),
                costs, null, new BigDecimal("0.00"), null, new BigDecimal("60.00"), 6, List.of());
        return new RecommendationDocument("u-5", 3, T0, LocalDate.of(2026, 10, 31), Status.ok, "TX-NORTH", 0.25, 11873.412, 3,
                null, List.of(unknownSavings));
    }
}
