package io.treebeard.recommender.bench;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.topology.RecommenderTopology;
import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.topic.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Not a test: the CPU cost per user of one plan-change fan-out under {@code TopologyTestDriver} (no broker), the same
 * data shape as {@code bench fanout}. Run its {@code main} on the test classpath: {@code [users=20000] [rounds=5]}.
 */
public final class FanoutCpuProfile {

    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static long lsn = 1_000;

    private FanoutCpuProfile() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fanout-profile");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("fanout-profile").toString());
        RecommenderMetrics metrics = new RecommenderMetrics();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (TopologyTestDriver driver = new TopologyTestDriver(RecommenderTopology.buildTopology(
                RecommenderTopology.Topics.contract(),
                new RecommenderTopology.Settings(1, Clock.fixed(NOW, ZoneOffset.UTC), metrics)), props)) {
            TestInputTopic<String, PlanChange> plans = driver.createInputTopic(Topics.PLANS.name(),
                    Topics.PLANS.keySerde().serializer(), Topics.PLANS.valueSerde().serializer());
            TestInputTopic<String, ProfileChange> profiles = driver.createInputTopic(Topics.PROFILES.name(),
                    Topics.PROFILES.keySerde().serializer(), Topics.PROFILES.valueSerde().serializer());
            TestInputTopic<String, UsageChange> usage = driver.createInputTopic(Topics.USAGE.name(),
                    Topics.USAGE.keySerde().serializer(), Topics.USAGE.valueSerde().serializer());
            // Raw bytes: decoding the documents would charge the harness's own work to the topology.
            TestOutputTopic<byte[], byte[]> docs = driver.createOutputTopic(Topics.RECOMMENDATIONS.name(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (int p = 0; p < 5; p++) {
                plans.pipeInput("fan-" + p, planChange("fan-" + p, 0.10 + p / 100.0));
            }
            for (int u = 0; u < users; u++) {
                String id = "u-" + u;
                profiles.pipeInput(id, new ProfileChange(ChangeOp.CREATE, id, null,
                        new UserProfile(id, "FAN", null, null, Preferences.NONE, NOW), position()));
                LocalDate date = LocalDate.of(2026, 10, 1);
                usage.pipeInput(id, new UsageChange(ChangeOp.CREATE, id, date,
                        new UsageReading(id, date, BigDecimal.valueOf(20 + u % 30), null), position()));
            }
            // Work off the fan-outs of the initial plan loads (the broker benchmark also waits for them).
            for (int i = 0; i < 5 * (users / 100 + 10); i++) {
                driver.advanceWallClockTime(Duration.ofMillis(10));
            }
            docs.readRecordsToList();
            System.out.printf(Locale.ROOT, "loaded users=%d full_recomputes=%d emitted=%d%n", users,
                    metrics.recomputations(RecommenderMetrics.Cause.PLAN), metrics.emittedCount());
            for (int round = 0; round < rounds; round++) {
                long cpuStart = cpu.getCurrentThreadCpuTime();
                long wallStart = System.nanoTime();
                plans.pipeInput("fan-0", planChange("fan-0", 0.09 - round / 1000.0));
                long out = 0;
                while (out < users) {
                    driver.advanceWallClockTime(Duration.ofMillis(10));
                    out += docs.readRecordsToList().size();
                }
                long cpuNs = cpu.getCurrentThreadCpuTime() - cpuStart;
                System.out.printf(Locale.ROOT, "fanout round=%d users=%d cpu_us_per_user=%.1f wall_s=%.2f full_recomputes=%d%n", round,
                        users, cpuNs / 1e3 / users, (System.nanoTime() - wallStart) / 1e9,
                        metrics.recomputations(RecommenderMetrics.Cause.PLAN));
            }
        }
    }

    private static SourcePosition position() {
        return new SourcePosition(++lsn, null, NOW, false);
    }

    private static PlanChange planChange(String planId, double rate) {
        Plan plan = new Plan(planId, "Bench", planId, List.of("FAN"), true,
                new RateStructure(4.95, new RateStructure.Flat(rate), List.of(), null), BigDecimal.TEN, 0, BigDecimal.ZERO, NOW);
        return new PlanChange(ChangeOp.UPDATE, planId, null, plan, position());
    }
}
