package io.treebeard.recommender.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.tariff.RecommendationDocuments;
import io.treebeard.tariff.Recommender;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecommenderTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 10, 1);
    /** A user's first version: the clock in microseconds (see {@link Versions}); later ones count up from it. */
    private static final long FIRST_VERSION = Versions.micros(NOW);

    private final RecommenderMetrics metrics = new RecommenderMetrics();
    private TopologyTestDriver driver;
    private TestInputTopic<String, UsageChange> usage;
    private TestInputTopic<String, ProfileChange> profiles;
    private TestInputTopic<String, PlanChange> plans;
    private TestOutputTopic<String, UsageAnalysis> analyses;
    private TestOutputTopic<String, RecommendationDocument> documents;
    private long lsn = 100;
    private final Map<String, Plan> catalog = new HashMap<>();
    private final Map<String, UserProfile> users = new HashMap<>();
    private final Map<String, Map<LocalDate, UsageReading>> readings = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recommender-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd").toString());
        driver = new TopologyTestDriver(RecommenderTopology.buildTopology(RecommenderTopology.Topics.contract(),
                new RecommenderTopology.Settings(1, Clock.fixed(NOW, ZoneOffset.UTC), metrics)), props);
        usage = driver.createInputTopic(Topics.USAGE.name(), Topics.USAGE.keySerde().serializer(),
                Topics.USAGE.valueSerde().serializer());
        profiles = driver.createInputTopic(Topics.PROFILES.name(), Topics.PROFILES.keySerde().serializer(),
                Topics.PROFILES.valueSerde().serializer());
        plans = driver.createInputTopic(Topics.PLANS.name(), Topics.PLANS.keySerde().serializer(),
                Topics.PLANS.valueSerde().serializer());
        analyses = driver.createOutputTopic(Topics.USAGE_ANALYSIS.name(), Topics.USAGE_ANALYSIS.keySerde().deserializer(),
                Topics.USAGE_ANALYSIS.valueSerde().deserializer());
        documents = driver.createOutputTopic(Topics.RECOMMENDATIONS.name(), Topics.RECOMMENDATIONS.keySerde().deserializer(),
                Topics.RECOMMENDATIONS.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void newUserWithoutReadingsGetsAnInsufficientUsageDocument() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));

        RecommendationDocument doc = single("u-1");
        assertThat(doc.status()).isEqualTo(RecommendationDocument.Status.insufficient_usage);
        assertThat(doc.version()).isEqualTo(FIRST_VERSION);
        assertThat(doc.recommendations()).isEmpty();
        assertThat(doc.asOf()).isNull();
        assertThat(analyses.isEmpty()).isTrue();
    }

    @Test
    void firstReadingPublishesTheUsageAnalysisAndRanksPlans() {
        putPlan(plan("p-a", 0.10, "R1"));
        putPlan(plan("p-b", 0.12, "R1"));
        putUser(user("u-1", "R1", null));
        documents.readRecordsToList();

        putReading("u-1", DAY, "30");

        UsageAnalysis analysis = analyses.readValue();
        assertThat(analysis.asOf()).isEqualTo(DAY);
        assertThat(analysis.version()).isEqualTo(FIRST_VERSION);
        RecommendationDocument doc = single("u-1");
        assertThat(doc.status()).isEqualTo(RecommendationDocument.Status.ok);
        assertThat(doc.version()).isEqualTo(FIRST_VERSION + 1);
        assertThat(doc.recommendations()).extracting(r -> r.planId()).containsExactly("p-a", "p-b");
        assertMatchesEngine(doc);
    }

    @Test
    void correctedReadingReplacesTheOldOne() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));
        putReading("u-1", DAY, "30");
        drain();

        putReading("u-1", DAY, "45");

        assertThat(analyses.readValue().annualKwh()).isEqualTo(45.0 * 365, org.assertj.core.data.Offset.offset(0.01));
        assertMatchesEngine(single("u-1"));
    }

    @Test
    void deletedReadingStopsCounting() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));
        putReading("u-1", DAY, "30");
        putReading("u-1", DAY.plusDays(1), "60");
        drain();

        deleteReading("u-1", DAY.plusDays(1));

        UsageAnalysis analysis = analyses.readValue();
        assertThat(analysis.asOf()).isEqualTo(DAY);
        assertMatchesEngine(single("u-1"));
    }

    @Test
    void profileRegionChangeOffersTheNewRegionsPlans() {
        putPlan(plan("p-a", 0.10, "R1"));
        putPlan(plan("p-z", 0.11, "R2"));
        putUser(user("u-1", "R1", null));
        putReading("u-1", DAY, "30");
        drain();

        putUser(user("u-1", "R2", null));

        RecommendationDocument doc = single("u-1");
        assertThat(doc.region()).isEqualTo("R2");
        assertThat(doc.recommendations()).extracting(r -> r.planId()).containsExactly("p-z");
    }

    @Test
    void changedPreferencesApplyToTheRanking() {
        putPlan(plan("p-a", 0.10, "R1"));
        putPlan(plan("p-b", 0.12, "R1"));
        putUser(user("u-1", "R1", null));
        putReading("u-1", DAY, "30");
        drain();

        putUser(new UserProfile("u-1", "R1", null, null, new Preferences(null, null, 1), NOW));

        assertThat(single("u-1").recommendations()).extracting(r -> r.planId()).containsExactly("p-a");
    }

    @Test
    void planPriceChangeUpdatesTheRegionsUsersOnlyAndReranks() {
        putPlan(plan("p-a", 0.10, "R1"));
        putPlan(plan("p-b", 0.12, "R1"));
        putPlan(plan("p-z", 0.10, "R2"));
        putUser(user("u-1", "R1", null));
        putUser(user("u-2", "R2", null));
        putReading("u-1", DAY, "30");
        putReading("u-2", DAY, "30");
        drain();

        putPlan(plan("p-b", 0.05, "R1"));

        Map<String, RecommendationDocument> out = documents.readKeyValuesToMap();
        assertThat(out).containsOnlyKeys("u-1");
        assertThat(out.get("u-1").recommendations()).extracting(r -> r.planId()).containsExactly("p-b", "p-a");
        assertMatchesEngine(out.get("u-1"));
    }

    @Test
    void deactivatedOrDeletedPlanLeavesTheLists() {
        putPlan(plan("p-a", 0.10, "R1"));
        putPlan(plan("p-b", 0.12, "R1"));
        putUser(user("u-1", "R1", null));
        putReading("u-1", DAY, "30");
        drain();

        Plan inactive = plan("p-a", 0.10, "R1");
        putPlan(new Plan("p-a", "Acme", "p-a", List.of("R1"), false, inactive.rateStructure(), BigDecimal.TEN, 0,
                BigDecimal.ZERO, NOW));
        assertThat(single("u-1").recommendations()).extracting(r -> r.planId()).containsExactly("p-b");

        deletePlan("p-b");
        RecommendationDocument doc = single("u-1");
        assertThat(doc.status()).isEqualTo(RecommendationDocument.Status.no_eligible_plans);
        assertThat(doc.recommendations()).isEmpty();
    }

    @Test
    void planMovedBetweenRegionsLeavesOldRegionUsersAndReachesNewOnes() {
        putPlan(plan("p-a", 0.10, "R1"));
        putPlan(plan("p-m", 0.05, "R1"));
        putPlan(plan("p-z", 0.10, "R2"));
        putUser(user("u-1", "R1", null));
        putUser(user("u-2", "R2", null));
        putReading("u-1", DAY, "30");
        putReading("u-2", DAY, "30");
        drain();

        putPlan(plan("p-m", 0.05, "R2"));

        Map<String, RecommendationDocument> out = documents.readKeyValuesToMap();
        assertThat(out.get("u-1").recommendations()).extracting(r -> r.planId()).containsExactly("p-a");
        assertThat(out.get("u-2").recommendations()).extracting(r -> r.planId()).containsExactly("p-m", "p-z");
    }

    @Test
    void priceChangeOfAUsersCurrentPlanOutsideTheRegionChangesTheirSavings() {
        putPlan(plan("p-a", 0.10, "R1"));
        putPlan(plan("p-cur", 0.20, "R9"));
        putUser(user("u-1", "R1", "p-cur"));
        putReading("u-1", DAY, "30");
        BigDecimal before = drainLast("u-1").recommendations().get(0).savings();

        putPlan(plan("p-cur", 0.30, "R9"));

        RecommendationDocument doc = single("u-1");
        assertThat(doc.recommendations().get(0).savings()).isGreaterThan(before);
        assertThat(doc.currentPlan().planId()).isEqualTo("p-cur");
        assertMatchesEngine(doc);
    }

    @Test
    void userWhoseCurrentPlanIsUnknownHasNoCurrentPlanAndNoSavings() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", "p-unknown"));
        putReading("u-1", DAY, "30");

        RecommendationDocument doc = drainLast("u-1");
        assertThat(doc.currentPlan()).isNull();
        assertThat(doc.recommendations().get(0).savings()).isNull();
        assertThat(doc.recommendations().get(0).netFirstYearSavings()).isNull();
    }

    @Test
    void planChangeThatAltersNobodysDocumentEmitsNothing() {
        putPlan(plan("p-a", 0.10, "R1"));
        putPlan(plan("p-b", 0.11, "R1"));
        putUser(new UserProfile("u-1", "R1", null, null, new Preferences(null, null, 1), NOW));
        putReading("u-1", DAY, "30");
        drain();
        long emittedBefore = metrics.emittedCount();

        putPlan(plan("p-b", 0.15, "R1"));
        putPlan(plan("p-q", 0.01, "R7"));

        assertThat(documents.isEmpty()).isTrue();
        assertThat(metrics.emittedCount()).isEqualTo(emittedBefore);
    }

    @Test
    void aPlanChangeReachingManyUsersIsWorkedOffInSlicesAndReachesEveryOne() {
        putPlan(plan("p-a", 0.10, "R1"));
        int users = PlanProcessor.SLICE * 2 + 7;
        for (int u = 0; u < users; u++) {
            putUser(user("many-" + u, "R1", null));
            putReading("many-" + u, DAY, "30");
        }
        drain();

        Plan cheaper = plan("p-a", 0.05, "R1");
        catalog.put("p-a", cheaper);
        plans.pipeInput("p-a", new PlanChange(ChangeOp.UPDATE, "p-a", null, cheaper, source()));
        driver.advanceWallClockTime(PlanProcessor.INTERVAL);
        int afterOneSlice = documents.readKeyValuesToMap().size();
        int pendingAfterOneSlice = metrics.pendingFanouts();
        for (int i = 0; i < 5; i++) {
            driver.advanceWallClockTime(PlanProcessor.INTERVAL);
        }

        assertThat(afterOneSlice).isEqualTo(PlanProcessor.SLICE);
        assertThat(pendingAfterOneSlice).isEqualTo(1);
        assertThat(documents.readKeyValuesToMap()).hasSize(users - PlanProcessor.SLICE);
        assertThat(metrics.pendingFanouts()).isZero();
    }

    @Test
    void aPlanThatKeepsChangingDoesNotStarveAnotherPlansFanOut() {
        putPlan(plan("p-a", 0.10, "R1"));
        putPlan(plan("p-b", 0.12, "R1"));
        int users = PlanProcessor.SLICE * 2 + 7;
        for (int u = 0; u < users; u++) {
            putUser(user("busy-" + u, "R1", null));
            putReading("busy-" + u, DAY, "30");
        }
        drain();

        Plan cheapest = plan("p-b", 0.05, "R1");
        catalog.put("p-b", cheapest);
        plans.pipeInput("p-b", new PlanChange(ChangeOp.UPDATE, "p-b", null, cheapest, source()));
        for (int i = 0; i < 12; i++) {
            Plan jitter = plan("p-a", i % 2 == 0 ? 0.101 : 0.10, "R1");
            catalog.put("p-a", jitter);
            plans.pipeInput("p-a", new PlanChange(ChangeOp.UPDATE, "p-a", null, jitter, source()));
            driver.advanceWallClockTime(PlanProcessor.INTERVAL);
        }

        Map<String, RecommendationDocument> latest = documents.readKeyValuesToMap();
        assertThat(latest).hasSize(users);
        assertThat(latest.values()).allSatisfy(doc -> assertThat(doc.recommendations().get(0).planId()).isEqualTo("p-b"));
    }

    @Test
    void aPlanChangedAgainMidWalkStillReachesEveryUserAfterItsLatestChange() {
        putPlan(plan("p-a", 0.10, "R1"));
        putPlan(plan("p-b", 0.12, "R1"));
        int users = PlanProcessor.SLICE + 500;
        for (int u = 0; u < users; u++) {
            putUser(user("lap-" + u, "R1", null));
            putReading("lap-" + u, DAY, "30");
        }
        drain();

        Plan first = plan("p-b", 0.09, "R1");
        catalog.put("p-b", first);
        plans.pipeInput("p-b", new PlanChange(ChangeOp.UPDATE, "p-b", null, first, source()));
        driver.advanceWallClockTime(PlanProcessor.INTERVAL);
        Plan second = plan("p-b", 0.05, "R1");
        catalog.put("p-b", second);
        plans.pipeInput("p-b", new PlanChange(ChangeOp.UPDATE, "p-b", null, second, source()));
        for (int i = 0; i < 4; i++) {
            driver.advanceWallClockTime(PlanProcessor.INTERVAL);
        }

        Map<String, RecommendationDocument> latest = documents.readKeyValuesToMap();
        assertThat(latest).hasSize(users);
        for (RecommendationDocument doc : latest.values()) {
            assertMatchesEngine(doc);
        }
    }

    @Test
    void replayedChangesWithOldLsnsAreDropped() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));
        UsageChange reading = usageChange("u-1", DAY, "30");
        usage.pipeInput("u-1", reading);
        drain();

        usage.pipeInput("u-1", reading);

        assertThat(documents.isEmpty()).isTrue();
        assertThat(analyses.isEmpty()).isTrue();
    }

    @Test
    void deletedProfilePublishesATombstoneAndARecreatedUserContinuesTheVersion() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));
        long version = drainLast("u-1").version();

        profiles.pipeInput("u-1", new ProfileChange(ChangeOp.DELETE, "u-1", users.remove("u-1"), null, source()));
        assertThat(documents.readKeyValue().value).isNull();

        putUser(user("u-1", "R1", null));
        assertThat(single("u-1").version()).isGreaterThan(version);
    }

    @Test
    void readingsDeletedThenProfileDeletedLeavesZerosThenATombstoneOfTheAnalysis() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));
        putReading("u-1", DAY, "30");
        drain();

        deleteReading("u-1", DAY);
        UsageAnalysis zeros = analyses.readValue();
        assertThat(zeros.asOf()).isNull();
        assertThat(zeros.window()).isEmpty();
        assertThat(zeros.annualKwh()).isZero();
        documents.readRecordsToList();

        deleteUser("u-1");

        List<org.apache.kafka.streams.KeyValue<String, UsageAnalysis>> out = analyses.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("u-1");
        assertThat(out.get(0).value).isNull();
        assertThat(documents.readValue()).isNull();
    }

    @Test
    void profileDeletedThenReadingsDeletedKeepsTheAnalysisUntilTheLastReadingGoes() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));
        putReading("u-1", DAY, "30");
        putReading("u-1", DAY.plusDays(1), "40");
        drain();

        deleteUser("u-1");
        assertThat(analyses.isEmpty()).as("readings alone still make an analysis").isTrue();
        assertThat(documents.readValue()).isNull();

        deleteReading("u-1", DAY);
        assertThat(analyses.readValue().asOf()).isEqualTo(DAY.plusDays(1));
        deleteReading("u-1", DAY.plusDays(1));

        List<org.apache.kafka.streams.KeyValue<String, UsageAnalysis>> out = analyses.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value).isNull();
        assertThat(documents.isEmpty()).isTrue();
    }

    @Test
    void aProfileAloneNeverTombstonesNorPublishesAnAnalysis() {
        putUser(user("u-1", "R1", null));
        deleteUser("u-1");

        assertThat(analyses.isEmpty()).isTrue();
    }

    @Test
    void aDeletedUserWhoComesBackContinuesAboveTheVersionsPublishedBefore() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));
        putReading("u-1", DAY, "30");
        putReading("u-1", DAY.plusDays(1), "30");
        long lastAnalysis = lastAnalysis("u-1").version();
        long lastDocument = drainLast("u-1").version();
        deleteReading("u-1", DAY);
        deleteReading("u-1", DAY.plusDays(1));
        lastAnalysis = Math.max(lastAnalysis, lastAnalysis("u-1").version());
        deleteUser("u-1");
        lastDocument = Math.max(lastDocument, drainDocsVersion("u-1", lastDocument));
        drain();

        putReading("u-1", DAY, "50");
        UsageAnalysis back = analyses.readValue();
        putUser(user("u-1", "R1", null));

        assertThat(back.version()).isGreaterThan(lastAnalysis);
        assertThat(back.asOf()).isEqualTo(DAY);
        RecommendationDocument doc = single("u-1");
        assertThat(doc.version()).isGreaterThan(lastDocument);
        assertMatchesEngine(doc);
    }

    @Test
    void aResyncReplacesWhatWasAppliedUpToItsLsnKeepsLaterChangesAndPublishesOnce() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));
        putReading("u-1", DAY, "30");                 // stale: the source has 35 for that day
        putReading("u-1", DAY.plusDays(1), "40");     // gone from the source
        long resyncLsn = ++lsn;
        putReading("u-1", DAY.plusDays(3), "70");     // after the resync's LSN: the resync cannot know it
        drain();

        readings.put("u-1", new HashMap<>());
        UsageReading day = new UsageReading("u-1", DAY, new BigDecimal("35"), null);
        UsageReading other = new UsageReading("u-1", DAY.plusDays(2), new BigDecimal("20"), new BigDecimal("5"));
        readings.get("u-1").put(DAY, day);
        readings.get("u-1").put(DAY.plusDays(2), other);
        readings.get("u-1").put(DAY.plusDays(3), new UsageReading("u-1", DAY.plusDays(3), new BigDecimal("70"), null));
        usage.pipeInput("u-1", UsageChange.resync("u-1", List.of(day, other), new SourcePosition(resyncLsn, null, NOW, true)));

        List<UsageAnalysis> published = analyses.readValuesToList();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).asOf()).isEqualTo(DAY.plusDays(3));
        assertThat(published.get(0).window().get(11).daysWithReadings()).isEqualTo(3);
        assertMatchesEngine(single("u-1"));
    }

    @Test
    void aChangeAtOrBeforeTheResyncsLsnArrivingLaterIsAReplayForAnyDate() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));
        long resyncLsn = lsn + 10;
        UsageReading day = new UsageReading("u-1", DAY, new BigDecimal("35"), null);
        readings.computeIfAbsent("u-1", k -> new HashMap<>()).put(DAY, day);
        usage.pipeInput("u-1", UsageChange.resync("u-1", List.of(day), new SourcePosition(resyncLsn, null, NOW, true)));
        drain();

        // A late capture of a reading that was inserted and deleted again before the resync's LSN.
        UsageReading ghost = new UsageReading("u-1", DAY.plusDays(5), new BigDecimal("99"), null);
        usage.pipeInput("u-1", new UsageChange(ChangeOp.CREATE, "u-1", ghost.usageDate(), ghost,
                new SourcePosition(resyncLsn - 1, null, NOW, false)));
        usage.pipeInput("u-1", UsageChange.resync("u-1", List.of(day), new SourcePosition(resyncLsn, null, NOW, true)));

        assertThat(analyses.isEmpty()).isTrue();
        assertThat(documents.isEmpty()).isTrue();
        lsn = resyncLsn;
        putReading("u-1", DAY.plusDays(1), "10");
        assertMatchesEngine(single("u-1"));
    }

    @Test
    void aResyncEqualToTheLedgerPublishesNothing() {
        putPlan(plan("p-a", 0.10, "R1"));
        putUser(user("u-1", "R1", null));
        putReading("u-1", DAY, "30");
        drain();

        usage.pipeInput("u-1", UsageChange.resync("u-1", List.copyOf(readings.get("u-1").values()), source()));

        assertThat(analyses.isEmpty()).isTrue();
        assertThat(documents.isEmpty()).isTrue();
    }

    @Test
    void anEmptyResyncOfAUserUnknownToTheStoresTombstonesItsAnalysis() {
        usage.pipeInput("u-gone", UsageChange.resync("u-gone", List.of(), source()));

        List<org.apache.kafka.streams.KeyValue<String, UsageAnalysis>> out = analyses.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("u-gone");
        assertThat(out.get(0).value).isNull();
        assertThat(documents.isEmpty()).isTrue();
    }

    @Test
    void aUserWhoseRecomputationFailsInAFanOutIsDeadLetteredAndTheFanOutFinishes() {
        putPlan(plan("p-a", 0.10, "R1"));
        for (int u = 0; u < 5; u++) {
            putUser(user("f-" + u, "R1", null));
            putReading("f-" + u, DAY, "30");
        }
        drain();
        // A broken stored document for one user, as a bad release could have left it: re-scoring it throws.
        org.apache.kafka.streams.state.KeyValueStore<String, io.treebeard.recommender.state.DocState> docs =
                driver.getKeyValueStore(StoreNames.USER_DOCS);
        RecommendationDocument stored = docs.get("f-2").document();
        RecommendationDocument.Recommendation first = stored.recommendations().get(0);
        RecommendationDocument broken = new RecommendationDocument(stored.userId(), stored.version(), stored.generatedAt(),
                stored.asOf(), stored.status(), stored.region(), stored.confidence(), stored.annualKwh(),
                stored.monthsWithData(), stored.currentPlan(), List.of(new RecommendationDocument.Recommendation(first.rank(),
                        null, first.provider(), first.name(), first.annualCost(), first.monthlyCosts(), first.savings(),
                        first.switchingCost(), first.netFirstYearSavings(), first.renewablePercentage(),
                        first.contractMonths(), first.reasons())));
        docs.put("f-2", new io.treebeard.recommender.state.DocState(broken, stored.version()));
        TestOutputTopic<String, io.treebeard.schemas.event.DeadLetter> dlq = driver.createOutputTopic(
                Topics.DLQ_RECOMMENDER.name(), Topics.DLQ_RECOMMENDER.keySerde().deserializer(),
                Topics.DLQ_RECOMMENDER.valueSerde().deserializer());
        dlq.readRecordsToList();

        putPlan(plan("p-a", 0.05, "R1"));
        fanOut();

        assertThat(documents.readKeyValuesToMap()).containsOnlyKeys("f-0", "f-1", "f-3", "f-4");
        List<org.apache.kafka.streams.KeyValue<String, io.treebeard.schemas.event.DeadLetter>> letters = dlq.readKeyValuesToList();
        assertThat(letters).extracting(kv -> kv.key).containsExactly("f-2");
        assertThat(letters.get(0).value.reason()).contains("fan-out of plan p-a");
        assertThat(metrics.pendingFanouts()).isZero();
    }

    private void assertMatchesEngine(RecommendationDocument doc) {
        RecommendationDocument expected = Recommender.recommend(users.get(doc.userId()),
                List.copyOf(readings.getOrDefault(doc.userId(), Map.of()).values()), catalog.values(), doc.version(), NOW);
        assertThat(RecommendationDocuments.sameContent(doc, expected)).as("%s vs %s", doc, expected).isTrue();
    }

    private RecommendationDocument single(String userId) {
        List<org.apache.kafka.streams.KeyValue<String, RecommendationDocument>> out = documents.readKeyValuesToList();
        assertThat(out).extracting(kv -> kv.key).containsOnly(userId);
        return out.get(out.size() - 1).value;
    }

    private RecommendationDocument drainLast(String userId) {
        List<RecommendationDocument> docs = new ArrayList<>();
        documents.readKeyValuesToList().stream().filter(kv -> kv.key.equals(userId)).forEach(kv -> docs.add(kv.value));
        analyses.readRecordsToList();
        return docs.get(docs.size() - 1);
    }

    private void drain() {
        documents.readRecordsToList();
        analyses.readRecordsToList();
    }

    private UsageAnalysis lastAnalysis(String userId) {
        List<UsageAnalysis> out = new ArrayList<>();
        analyses.readKeyValuesToList().stream().filter(kv -> kv.key.equals(userId)).forEach(kv -> out.add(kv.value));
        return out.get(out.size() - 1);
    }

    private long drainDocsVersion(String userId, long atLeast) {
        long max = atLeast;
        for (var kv : documents.readKeyValuesToList()) {
            if (kv.key.equals(userId) && kv.value != null) {
                max = Math.max(max, kv.value.version());
            }
        }
        return max;
    }

    private void deleteUser(String userId) {
        profiles.pipeInput(userId, new ProfileChange(ChangeOp.DELETE, userId, users.remove(userId), null, source()));
    }

    private SourcePosition source() {
        return new SourcePosition(++lsn, lsn, NOW, false);
    }

    private void putPlan(Plan plan) {
        Plan before = catalog.put(plan.planId(), plan);
        plans.pipeInput(plan.planId(), new PlanChange(before == null ? ChangeOp.CREATE : ChangeOp.UPDATE, plan.planId(),
                before, plan, source()));
        fanOut();
    }

    /** Lets the plan fan-out punctuator run (it works on wall-clock time). */
    private void fanOut() {
        driver.advanceWallClockTime(PlanProcessor.INTERVAL.multipliedBy(2));
    }

    private void deletePlan(String planId) {
        Plan before = catalog.remove(planId);
        plans.pipeInput(planId, new PlanChange(ChangeOp.DELETE, planId, before, null, source()));
        plans.pipeInput(planId, (PlanChange) null);
        fanOut();
    }

    private void putUser(UserProfile profile) {
        UserProfile before = users.put(profile.userId(), profile);
        profiles.pipeInput(profile.userId(), new ProfileChange(before == null ? ChangeOp.CREATE : ChangeOp.UPDATE,
                profile.userId(), before, profile, source()));
    }

    private void putReading(String userId, LocalDate date, String kwh) {
        usage.pipeInput(userId, usageChange(userId, date, kwh));
    }

    private UsageChange usageChange(String userId, LocalDate date, String kwh) {
        UsageReading reading = new UsageReading(userId, date, new BigDecimal(kwh), null);
        readings.computeIfAbsent(userId, k -> new HashMap<>()).put(date, reading);
        return new UsageChange(ChangeOp.UPDATE, userId, date, reading, source());
    }

    private void deleteReading(String userId, LocalDate date) {
        readings.get(userId).remove(date);
        usage.pipeInput(userId, new UsageChange(ChangeOp.DELETE, userId, date, null, source()));
    }

    private static UserProfile user(String userId, String region, String currentPlan) {
        return new UserProfile(userId, region, currentPlan, null, Preferences.NONE, NOW);
    }

    private static Plan plan(String planId, double rate, String region) {
        return new Plan(planId, "Acme", planId, List.of(region), true,
                new RateStructure(4.95, new RateStructure.Flat(rate), List.of(), null),
                BigDecimal.TEN, 0, BigDecimal.ZERO, NOW);
    }
}
