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
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Not a test: the CPU cost per usage change under {@code TopologyTestDriver} (no broker), in the shape of the suite's
 * freshness phase: users of one region with a few days of readings each, then upserts of readings to random users.
 * Besides CPU it counts the Kafka records the topology writes per change, outputs and changelog records by topic
 * (each is broker CPU and bytes). Then one user gets a year of readings in one source transaction, to count the
 * documents such a burst produces. Run its {@code main} on the test classpath:
 * {@code [users=20000] [daysPerUser=3] [changesPerRound=50000] [rounds=4]}.
 */
public final class UsageCpuProfile {

    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 10, 1);
    private static long lsn = 1_000;

    private UsageCpuProfile() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int daysPerUser = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int changes = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "usage-profile");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("usage-profile").toString());
        RecommenderMetrics metrics = new RecommenderMetrics();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(16);
        try (TopologyTestDriver driver = new TopologyTestDriver(RecommenderTopology.buildTopology(
                RecommenderTopology.Topics.contract(),
                new RecommenderTopology.Settings(1, Clock.fixed(NOW, ZoneOffset.UTC), metrics)), props)) {
            TestInputTopic<String, PlanChange> plans = driver.createInputTopic(Topics.PLANS.name(),
                    Topics.PLANS.keySerde().serializer(), Topics.PLANS.valueSerde().serializer());
            TestInputTopic<String, ProfileChange> profiles = driver.createInputTopic(Topics.PROFILES.name(),
                    Topics.PROFILES.keySerde().serializer(), Topics.PROFILES.valueSerde().serializer());
            TestInputTopic<String, UsageChange> usage = driver.createInputTopic(Topics.USAGE.name(),
                    Topics.USAGE.keySerde().serializer(), Topics.USAGE.valueSerde().serializer());
            for (int p = 0; p < 5; p++) {
                plans.pipeInput("use-" + p, planChange("use-" + p, 0.10 + p / 100.0));
            }
            for (int u = 0; u < users; u++) {
                String id = "u-" + u;
                profiles.pipeInput(id, new ProfileChange(ChangeOp.CREATE, id, null,
                        new UserProfile(id, "USE", null, null, Preferences.NONE, NOW), position()));
                for (int d = 0; d < daysPerUser; d++) {
                    usage.pipeInput(id, reading(id, FIRST_DAY.plusDays(d), 20 + (u + d) % 30, position()));
                }
            }
            drain(driver);
            for (int round = 0; round < rounds; round++) {
                // The harness's own cost per input record (TopologyTestDriver's per-record checks, serialising and
                // deserialising the change): the same number of changes without a key, which the processor drops at once.
                long harnessStart = cpu.getCurrentThreadCpuTime();
                for (int c = 0; c < changes; c++) {
                    usage.pipeInput((String) null, reading("u-" + random.nextInt(users), FIRST_DAY, 1, position()));
                }
                double harnessUs = (cpu.getCurrentThreadCpuTime() - harnessStart) / 1e3 / changes;
                long cpuStart = cpu.getCurrentThreadCpuTime();
                long wallStart = System.nanoTime();
                for (int c = 0; c < changes; c++) {
                    String id = "u-" + random.nextInt(users);
                    LocalDate date = FIRST_DAY.plusDays(random.nextInt(60));
                    usage.pipeInput(id, reading(id, date, 5 + random.nextInt(400) / 10.0, position()));
                }
                driver.advanceWallClockTime(Duration.ofMillis(100));
                long cpuNs = cpu.getCurrentThreadCpuTime() - cpuStart;
                double wallS = (System.nanoTime() - wallStart) / 1e9;
                Map<String, long[]> written = drain(driver);
                long total = written.values().stream().mapToLong(c -> c[0]).sum();
                long bytes = written.values().stream().mapToLong(c -> c[1]).sum();
                System.out.printf(Locale.ROOT, "usage round=%d changes=%d cpu_us_per_change=%.1f harness_us=%.1f "
                        + "topology_us=%.1f wall_s=%.2f records_per_change=%.2f bytes_per_change=%.0f by_topic=%s%n", round,
                        changes, cpuNs / 1e3 / changes, harnessUs, cpuNs / 1e3 / changes - harnessUs, wallS,
                        (double) total / changes, (double) bytes / changes, perChange(written, changes));
            }
            // One user, a year of readings in one source transaction (one txId, rising LSNs).
            String id = "u-0";
            long txId = 99;
            for (int d = 0; d < 365; d++) {
                usage.pipeInput(id, reading(id, LocalDate.of(2025, 11, 1).plusDays(d), 10 + d % 17,
                        new SourcePosition(++lsn, txId, NOW, false)));
            }
            driver.advanceWallClockTime(Duration.ofMillis(100));
            Map<String, String> burst = new TreeMap<>();
            drain(driver).forEach((topic, c) -> burst.put(topic.replace("usage-profile-", ""), c[0] + " records/" + c[1] + " B"));
            System.out.printf(Locale.ROOT, "burst readings=365 one_user=true by_topic=%s%n", burst);
        }
    }

    /** Reads every record written since the last call: records and key + value bytes, by topic. */
    private static Map<String, long[]> drain(TopologyTestDriver driver) {
        Map<String, long[]> counts = new TreeMap<>();
        for (String topic : driver.producedTopicNames()) {
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            long[] c = new long[2];
            for (var r : out.readRecordsToList()) {
                c[0]++;
                c[1] += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            }
            if (c[0] > 0) {
                counts.put(topic, c);
            }
        }
        return counts;
    }

    private static Map<String, String> perChange(Map<String, long[]> written, int changes) {
        Map<String, String> per = new TreeMap<>();
        written.forEach((topic, c) -> per.put(topic.replace("usage-profile-", ""), String.format(Locale.ROOT, "%.2f/%.0fB",
                (double) c[0] / changes, (double) c[1] / changes)));
        return per;
    }

    private static UsageChange reading(String id, LocalDate date, double kwh, SourcePosition position) {
        return new UsageChange(ChangeOp.UPDATE, id, date, new UsageReading(id, date, BigDecimal.valueOf(kwh), null), position);
    }

    private static SourcePosition position() {
        return new SourcePosition(++lsn, null, NOW, false);
    }

    private static PlanChange planChange(String planId, double rate) {
        Plan plan = new Plan(planId, "Bench", planId, List.of("USE"), true,
                new RateStructure(4.95, new RateStructure.Flat(rate), List.of(), null), BigDecimal.TEN, 0, BigDecimal.ZERO, NOW);
        return new PlanChange(ChangeOp.UPDATE, planId, null, plan, position());
    }
}
