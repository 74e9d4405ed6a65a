package io.treebeard.recommender.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.CommitTimeHeader;
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
import io.treebeard.schemas.topic.GroupLag;
import io.treebeard.schemas.topic.Topics;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source commit time ({@link CommitTimeHeader}) reaches the outputs: kept from the input by the processors that
 * forward {@code record.withValue}, set from the plan change on the documents a fan-out makes, and timed in front of
 * the sinks.
 */
class CommitTimeThroughTopologyTest {

    private static final String APPLICATION = "recommender-commit-time-test";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 10, 1);

    private final GroupLag lag = new GroupLag(APPLICATION,
            RecommenderTopology.inputTopics(RecommenderTopology.Topics.contract(), APPLICATION));
    private final RecommenderMetrics metrics = new RecommenderMetrics(lag);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, UsageChange> usage;
    private TestInputTopic<String, ProfileChange> profiles;
    private TestInputTopic<String, PlanChange> plans;
    private TestOutputTopic<String, UsageAnalysis> analyses;
    private TestOutputTopic<String, RecommendationDocument> documents;
    private long lsn = 100;

    @BeforeEach
    void start() throws Exception {
        metrics.bindTo(registry);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
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
    void aUsageChangesCommitTimeReachesItsDocumentAndAnalysisAndIsTimedAtTheSinks() {
        putPlan(plan("p-a", 0.10, "R1"), NOW.toEpochMilli() - 9_000);
        putUser("u-1", "R1", NOW.toEpochMilli() - 8_000);
        drain();
        long commitMs = NOW.toEpochMilli() - 300;

        usage.pipeInput(new TestRecord<>("u-1", reading("u-1", DAY, "30"), stamped(commitMs)));

        TestRecord<String, RecommendationDocument> doc = documents.readRecord();
        assertThat(CommitTimeHeader.read(doc.headers())).isEqualTo(commitMs);
        TestRecord<String, UsageAnalysis> analysis = analyses.readRecord();
        assertThat(CommitTimeHeader.read(analysis.headers())).isEqualTo(commitMs);
        Timer recommendations = timer("recommendation");
        assertThat(recommendations.count()).as("the plan-less profile's document and this one").isEqualTo(2);
        assertThat(recommendations.max(TimeUnit.MILLISECONDS)).isEqualTo(8_000.0);
        Timer analysesTimer = timer("usage_analysis");
        assertThat(analysesTimer.count()).isEqualTo(1);
        assertThat(analysesTimer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300.0);
        assertThat(lag.lastCommitMs(Topics.USAGE.name(), 0)).as("input progress for the lag in seconds").isEqualTo(commitMs);
    }

    @Test
    void aPlanFanOutsDocumentsCarryThePlanChangesCommitTime() {
        putPlan(plan("p-a", 0.10, "R1"), NOW.toEpochMilli() - 9_000);
        for (String user : List.of("u-1", "u-2")) {
            putUser(user, "R1", NOW.toEpochMilli() - 8_000);
            usage.pipeInput(new TestRecord<>(user, reading(user, DAY, "30"), stamped(NOW.toEpochMilli() - 7_000)));
        }
        drain();
        long planCommitMs = NOW.toEpochMilli() - 1_200;

        putPlan(plan("p-b", 0.05, "R1"), planCommitMs);

        Map<String, Long> commitTimes = documents.readRecordsToList().stream()
                .collect(Collectors.toMap(TestRecord::key, r -> CommitTimeHeader.read(r.headers()), (a, b) -> b));
        assertThat(commitTimes).containsOnlyKeys("u-1", "u-2").containsValues(planCommitMs).doesNotContainValue(CommitTimeHeader.NONE);
        assertThat(timer("recommendation").max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1_200.0);
        assertThat(lag.lastCommitMs(Topics.PLANS.name(), 0)).isEqualTo(planCommitMs);
        assertThat(lag.lastCommitMs(APPLICATION + "-plan-broadcast-repartition", 0))
                .as("the broadcast repartition keeps the header").isEqualTo(planCommitMs);
    }

    @Test
    void aChangeWithoutTheHeaderIsProcessedAndNotTimed() {
        plans.pipeInput("p-a", new PlanChange(ChangeOp.CREATE, "p-a", null, plan("p-a", 0.10, "R1"), source()));
        driver.advanceWallClockTime(PlanProcessor.INTERVAL.multipliedBy(2));
        profiles.pipeInput("u-1", new ProfileChange(ChangeOp.CREATE, "u-1", null, user("u-1", "R1"), source()));

        TestRecord<String, RecommendationDocument> doc = documents.readRecord();
        assertThat(doc.value().userId()).isEqualTo("u-1");
        assertThat(CommitTimeHeader.read(doc.headers())).isEqualTo(CommitTimeHeader.NONE);
        assertThat(timer("recommendation").count()).isZero();
    }

    private Timer timer(String output) {
        return registry.get("treebeard.recommender.output.freshness").tag("output", output).timer();
    }

    private static RecordHeaders stamped(long commitMs) {
        RecordHeaders headers = new RecordHeaders();
        CommitTimeHeader.write(headers, commitMs);
        return headers;
    }

    private void drain() {
        documents.readRecordsToList();
        analyses.readRecordsToList();
    }

    private void putPlan(Plan plan, long commitMs) {
        plans.pipeInput(new TestRecord<>(plan.planId(), new PlanChange(ChangeOp.CREATE, plan.planId(), null, plan, source()),
                stamped(commitMs)));
        driver.advanceWallClockTime(PlanProcessor.INTERVAL.multipliedBy(2));
    }

    private void putUser(String userId, String region, long commitMs) {
        profiles.pipeInput(new TestRecord<>(userId, new ProfileChange(ChangeOp.CREATE, userId, null, user(userId, region), source()),
                stamped(commitMs)));
    }

    private UsageChange reading(String userId, LocalDate date, String kwh) {
        return new UsageChange(ChangeOp.UPDATE, userId, date, new UsageReading(userId, date, new BigDecimal(kwh), null), source());
    }

    private SourcePosition source() {
        return new SourcePosition(++lsn, lsn, NOW, false);
    }

    private static UserProfile user(String userId, String region) {
        return new UserProfile(userId, region, null, null, Preferences.NONE, NOW);
    }

    private static Plan plan(String planId, double rate, String region) {
        return new Plan(planId, "Acme", planId, List.of(region), true,
                new RateStructure(4.95, new RateStructure.Flat(rate), List.of(), null),
                BigDecimal.TEN, 0, BigDecimal.ZERO, NOW);
    }
}
