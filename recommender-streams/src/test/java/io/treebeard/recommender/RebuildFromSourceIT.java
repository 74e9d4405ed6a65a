package io.treebeard.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.treebeard.ingest.capture.CaptureSettings;
import io.treebeard.ingest.capture.ChangeCapture;
import io.treebeard.ingest.capture.ChangeMapper;
import io.treebeard.ingest.metrics.IngestMetrics;
import io.treebeard.ingest.reseed.ReseedMain;
import io.treebeard.ingest.reseed.UsageReseed;
import io.treebeard.recommender.config.RecommenderConfig;
import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.schemas.validation.PlanValidator;
import io.treebeard.schemas.validation.ProfileValidator;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.Migrations;
import io.treebeard.stack.junit.LocalStackExtension;
import io.treebeard.tariff.RecommendationDocuments;
import io.treebeard.tariff.Recommender;
import io.treebeard.tariff.UsageProfiles;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 15 item 5: the recommender is rebuilt from PostgreSQL after retention dropped readings. Users are loaded and
 * processed; while the recommender is down, readings change and users are deleted; then every record of
 * {@code treebeard.usage} is deleted (as retention would) and the recommender starts again under a new application
 * id with empty state. After the reseed every document and usage analysis equals a from-scratch computation by the
 * tariff engine, deleted users are tombstoned, and every version is above the one published before the reset.
 */
@ExtendWith(LocalStackExtension.class)
class RebuildFromSourceIT {

    private static final int USERS = 40;
    /** Ids and regions of its own: the test JVM's Kafka and its fixed topic names are shared with TwoInstancesIT. */
    private static final String USER_PREFIX = "rb-u-";
    private static final int PARTITIONS = 3;

    /** Latest value per key, null for a tombstone. */
    private final Map<String, RecommendationDocument> docs = new HashMap<>();
    private final Map<String, UsageAnalysis> analyses = new HashMap<>();

    @Test
    void afterRetentionAndAResetTheReseedRestoresTheSourcesResultsWithHigherVersions(LocalStack stack) throws Exception {
        stack.postgres().createDatabase("rebuild_it");
        DataSource db = stack.postgres().dataSource("rebuild_it");
        Migrations.migrate(db);
        load(db);
        String kafka = stack.kafka().bootstrapServers();

        try (ChangeCapture capture = capture(stack);
             KafkaConsumer<String, byte[]> tail = tail(kafka);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            capture.start();
            try (StreamsRunner first = recommender(kafka, "rebuild-it-a")) {
                first.start();
                Map<String, RecommendationDocument> expected = expectedDocs(db);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                        .until(() -> poll(tail) >= 0 && docMismatches(expected) == 0);
            }
            Map<String, Long> docVersionsBefore = versions(docs, RecommendationDocument::version);
            Map<String, Long> analysisVersionsBefore = versions(analyses, UsageAnalysis::version);
            assertThat(analysisVersionsBefore).hasSize(USERS);

            changeWhileDown(db);
            long changes = 4 + 3 + 2 + 1;
            awaitUsageRecords(admin, USERS * 3 + changes);
            dropEveryUsageRecord(admin);

            try (StreamsRunner second = recommender(kafka, "rebuild-it-b")) {
                second.start();
                UsageReseed.Result result = ReseedMain.reseed(db, kafka);
                assertThat(result.reconciled()).as("u-0 and u-1 have no reading left").isEqualTo(2);

                Map<String, RecommendationDocument> expected = expectedDocs(db);
                Map<String, UsageAnalysis> expectedAnalyses = expectedAnalyses(db);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                        .until(() -> poll(tail) >= 0 && docMismatches(expected) == 0
                                && analysisMismatches(expectedAnalyses) == 0);
            }
            assertThat(docs.get("rb-u-0")).as("deleted user").isNull();
            assertThat(analyses).containsEntry("rb-u-0", null);
            assertThat(analyses.get("rb-u-1").asOf()).as("profile without readings: zeros").isNull();
            docVersionsBefore.forEach((user, before) -> {
                if (docs.get(user) != null) {
                    assertThat(docs.get(user).version()).as(user).isGreaterThan(before);
                }
            });
            analysisVersionsBefore.forEach((user, before) -> {
                if (analyses.get(user) != null) {
                    assertThat(analyses.get(user).version()).as(user).isGreaterThan(before);
                }
            });
        }
    }

    private static void load(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure,"
                    + " renewable_percentage, contract_months, early_termination_fee)"
                    + " SELECT 'rb-plan-' || g, 'P', 'Plan ' || g, ARRAY['RB' || (g % 2)], true,"
                    + " jsonb_build_object('monthly_fee', 4.95, 'energy', jsonb_build_object('type', 'tiered', 'tiers',"
                    + "   jsonb_build_array(jsonb_build_object('up_to_kwh', 900, 'rate', 0.07 + g / 1000.0),"
                    + "   jsonb_build_object('rate', 0.16)))), g * 10, 0, 0 FROM generate_series(1, 6) AS g");
            s.execute("INSERT INTO user_profile (user_id, region) SELECT 'rb-u-' || u, 'RB' || (u % 2)"
                    + " FROM generate_series(0, " + (USERS - 1) + ") AS u");
            s.execute("INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh)"
                    + " SELECT 'rb-u-' || u, DATE '2026-07-10' + m * 31, 20 + u + m * 4, CASE WHEN u % 2 = 0 THEN 7 END"
                    + " FROM generate_series(0, " + (USERS - 1) + ") AS u, generate_series(0, 2) AS m");
        }
    }

    /** Changes the recommender does not see before the reset: 4 corrections, 3 + 3 deletions, a deleted profile. */
    private static void changeWhileDown(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE usage_history SET kwh = kwh * 3 WHERE user_id IN ('rb-u-5', 'rb-u-6', 'rb-u-7', 'rb-u-8')"
                    + " AND usage_date = DATE '2026-07-10'");
            s.execute("DELETE FROM usage_history WHERE user_id = 'rb-u-0'");
            s.execute("DELETE FROM user_profile WHERE user_id = 'rb-u-0'");
            s.execute("DELETE FROM usage_history WHERE user_id = 'rb-u-1' AND usage_date < DATE '2026-09-11'");
            s.execute("DELETE FROM usage_history WHERE user_id = 'rb-u-1'");
        }
    }

    private static void awaitUsageRecords(Admin admin, long records) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> endOffsets(admin).values().stream().mapToLong(Long::longValue).sum() >= records);
    }

    /** What retention does to old segments, done at once: no record of treebeard.usage is left. */
    private static void dropEveryUsageRecord(Admin admin) throws Exception {
        Map<TopicPartition, RecordsToDelete> all = endOffsets(admin).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> RecordsToDelete.beforeOffset(e.getValue())));
        admin.deleteRecords(all).all().get();
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(Topics.USAGE.name(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private int poll(KafkaConsumer<String, byte[]> tail) {
        for (ConsumerRecord<String, byte[]> r : tail.poll(Duration.ofMillis(200))) {
            if (!r.key().startsWith(USER_PREFIX)) {
                continue;
            }
            if (r.topic().equals(Topics.RECOMMENDATIONS.name())) {
                docs.put(r.key(), r.value() == null ? null : Json.mapper().readValue(r.value(), RecommendationDocument.class));
            } else {
                analyses.put(r.key(), r.value() == null ? null : Json.mapper().readValue(r.value(), UsageAnalysis.class));
            }
        }
        return docs.size();
    }

    private long docMismatches(Map<String, RecommendationDocument> expected) {
        return expected.entrySet().stream().filter(e -> docs.get(e.getKey()) == null
                || !RecommendationDocuments.sameContent(docs.get(e.getKey()), e.getValue())).count();
    }

    private long analysisMismatches(Map<String, UsageAnalysis> expected) {
        return expected.entrySet().stream().filter(e -> {
            if (!analyses.containsKey(e.getKey())) {
                return true;
            }
            UsageAnalysis actual = analyses.get(e.getKey());
            UsageAnalysis want = e.getValue();
            return want == null ? actual != null : actual == null || !want.equals(withVersion(actual, want.version()));
        }).count();
    }

    private static <T> Map<String, Long> versions(Map<String, T> latest, java.util.function.ToLongFunction<T> version) {
        Map<String, Long> out = new HashMap<>();
        latest.forEach((k, v) -> {
            if (v != null) {
                out.put(k, version.applyAsLong(v));
            }
        });
        return out;
    }

    private static UsageAnalysis withVersion(UsageAnalysis a, long version) {
        return new UsageAnalysis(a.userId(), version, a.asOf(), a.window(), a.annualKwh(), a.avgDailyKwh(), a.peakShare(),
                a.monthsWithData(), a.confidence());
    }

    /** Every user's usage analysis from scratch: null (a tombstone) for u-0, which has neither profile nor readings. */
    private static Map<String, UsageAnalysis> expectedAnalyses(DataSource db) throws SQLException {
        Map<String, List<UsageReading>> readings = readings(db);
        Map<String, UsageAnalysis> expected = new HashMap<>();
        for (int u = 0; u < USERS; u++) {
            String id = USER_PREFIX + u;
            expected.put(id, u == 0 ? null : UsageProfiles.analysis(id, 0, readings.getOrDefault(id, List.of())));
        }
        return expected;
    }

    /** Every user's document recomputed from scratch from the source tables. */
    private static Map<String, RecommendationDocument> expectedDocs(DataSource db) throws SQLException {
        List<Plan> plans = new ArrayList<>();
        Map<String, UserProfile> users = new HashMap<>();
        Instant now = Instant.now();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT row_to_json(p)::text FROM plan_catalog p")) {
                while (rs.next()) {
                    JsonNode row = Json.mapper().readTree(rs.getString(1));
                    plans.add(PlanValidator.parse(row.get("plan_id").asString(), withoutIds(row, "plan_id"), now).orElseThrow());
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT row_to_json(u)::text FROM user_profile u")) {
                while (rs.next()) {
                    JsonNode row = Json.mapper().readTree(rs.getString(1));
                    users.put(row.get("user_id").asString(),
                            ProfileValidator.parse(row.get("user_id").asString(), withoutIds(row, "user_id"), now).orElseThrow());
                }
            }
        }
        Map<String, List<UsageReading>> readings = readings(db);
        Map<String, RecommendationDocument> expected = new HashMap<>();
        users.forEach((id, user) -> expected.put(id, Recommender.recommend(user, readings.getOrDefault(id, List.of()), plans, 1, now)));
        return expected;
    }

    private static Map<String, List<UsageReading>> readings(DataSource db) throws SQLException {
        Map<String, List<UsageReading>> readings = new HashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, usage_date, kwh, peak_kwh FROM usage_history")) {
            while (rs.next()) {
                readings.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new UsageReading(rs.getString(1),
                        rs.getDate(2).toLocalDate(), rs.getBigDecimal(3), rs.getBigDecimal(4)));
            }
        }
        return readings;
    }

    private static JsonNode withoutIds(JsonNode row, String id) {
        ObjectNode copy = ((ObjectNode) row).deepCopy();
        copy.remove(id);
        copy.remove("updated_at");
        return copy;
    }

    private static ChangeCapture capture(LocalStack stack) {
        IngestMetrics metrics = new IngestMetrics(Clock.systemUTC());
        metrics.bindTo(new SimpleMeterRegistry());
        return new ChangeCapture(new CaptureSettings("localhost", stack.postgres().port(), "rebuild_it", "postgres", "",
                "slot_rebuild_it", "treebeard_cdc", stack.kafka().bootstrapServers(), "treebeard.ingest.offsets.rebuild_it",
                "tb_rebuild_it", Duration.ofSeconds(5), Duration.ofMillis(200), PARTITIONS, (short) 1),
                new ChangeMapper(Clock.systemUTC()), metrics);
    }

    /** A recommender with empty state of its own: a new application id is a full reset. */
    private static StreamsRunner recommender(String kafka, String appId) throws Exception {
        String id = appId + "-" + UUID.randomUUID().toString().substring(0, 6);
        RecommenderConfig config = new RecommenderConfig(kafka, id, Files.createTempDirectory(id).toString(), 1, 0,
                Duration.ofMillis(100), PARTITIONS, (short) 1, Duration.ZERO);
        return new StreamsRunner(config, new RecommenderMetrics());
    }

    private static KafkaConsumer<String, byte[]> tail(String kafka) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "rebuild-it-tail",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.RECOMMENDATIONS.name(), Topics.USAGE_ANALYSIS.name()));
        return Objects.requireNonNull(consumer);
    }
}
