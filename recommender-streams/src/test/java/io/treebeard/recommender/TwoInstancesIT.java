package io.treebeard.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.treebeard.ingest.capture.CaptureSettings;
import io.treebeard.ingest.capture.ChangeCapture;
import io.treebeard.ingest.capture.ChangeMapper;
import io.treebeard.ingest.metrics.IngestMetrics;
import io.treebeard.schemas.event.RecommendationDocument;
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
import java.io.File;
import java.nio.file.Path;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the service share the work on the real stack, fed from Postgres through the real capture. 10,000
 * users are loaded; plans change while one instance is killed (SIGKILL) and later restarted. At the end every user's
 * document equals what the tariff engine computes from the source tables, and no user's version ever went backwards.
 */
@ExtendWith(LocalStackExtension.class)
class TwoInstancesIT {

    private static final int USERS = 10_000;
    private static final int REGIONS = 4;
    private static final int PLANS = 24;
    private static final String APP_ID = "reco-it-" + UUID.randomUUID().toString().substring(0, 8);

    private final Map<String, RecommendationDocument> latest = new ConcurrentHashMap<>();
    private final List<String> regressions = new ArrayList<>();

    @Test
    void twoInstancesConvergeToTheEngineResultThroughAKillAndRestartWithoutVersionRegressions(LocalStack stack) throws Exception {
        stack.postgres().createDatabase("reco_it");
        DataSource db = stack.postgres().dataSource("reco_it");
        Migrations.migrate(db);
        load(db);

        IngestMetrics captureMetrics = new IngestMetrics(Clock.systemUTC());
        captureMetrics.bindTo(new SimpleMeterRegistry());
        try (ChangeCapture capture = new ChangeCapture(new CaptureSettings("localhost", stack.postgres().port(), "reco_it",
                "postgres", "", "slot_reco_it", "treebeard_cdc", stack.kafka().bootstrapServers(), "treebeard.ingest.offsets.reco_it",
                "tb_reco_it", Duration.ofSeconds(5), Duration.ofMillis(200), 3, (short) 1), new ChangeMapper(Clock.systemUTC()),
                captureMetrics);
             KafkaConsumer<String, RecommendationDocument> consumer = consumer(stack)) {
            capture.start();
            Process a = instance(stack, "a");
            Process b = instance(stack, "b");
            try {
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                        .until(() -> poll(consumer) >= USERS);

                for (int i = 0; i < 12; i++) {
                    changePlan(db, i);
                    if (i == 5) {
                        a.destroyForcibly().waitFor();
                    }
                }
                a = instance(stack, "a");
                Map<String, RecommendationDocument> expected = expected(db);
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                        .until(() -> poll(consumer) >= 0 && mismatches(expected) == 0);
                assertThat(latest).hasSize(USERS);
                assertThat(regressions).isEmpty();
            } finally {
                a.destroy();
                b.destroy();
                a.waitFor();
                b.waitFor();
            }
        }
    }

    private long mismatches(Map<String, RecommendationDocument> expected) {
        return expected.entrySet().stream()
                .filter(e -> latest.get(e.getKey()) == null || !RecommendationDocuments.sameContent(latest.get(e.getKey()), e.getValue()))
                .count();
    }

    private int poll(KafkaConsumer<String, RecommendationDocument> consumer) {
        for (ConsumerRecord<String, RecommendationDocument> r : consumer.poll(Duration.ofMillis(200))) {
            // Only this test's users: the JVM's Kafka and its fixed topic names are shared with the module's other ITs.
            if (r.value() == null || !r.key().startsWith("u-")) {
                continue;
            }
            RecommendationDocument previous = latest.put(r.key(), r.value());
            if (previous != null && r.value().version() <= previous.version()) {
                regressions.add(r.key() + ": " + previous.version() + " -> " + r.value().version());
            }
        }
        return latest.size();
    }

    private static void load(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active, rate_structure,"
                    + " renewable_percentage, contract_months, early_termination_fee)"
                    + " SELECT 'plan-' || g, 'P' || (g % 5), 'Plan ' || g, ARRAY['R' || (g % " + REGIONS + ")], g % 7 <> 0,"
                    + " CASE WHEN g % 3 = 0 THEN jsonb_build_object('monthly_fee', 4.95, 'energy',"
                    + "   jsonb_build_object('type', 'flat', 'rate', 0.08 + g / 1000.0))"
                    + " WHEN g % 3 = 1 THEN jsonb_build_object('energy', jsonb_build_object('type', 'tiered', 'tiers',"
                    + "   jsonb_build_array(jsonb_build_object('up_to_kwh', 500, 'rate', 0.07 + g / 1000.0),"
                    + "   jsonb_build_object('rate', 0.14))), 'bill_credits', jsonb_build_array(jsonb_build_object('min_kwh', 1000,"
                    + "   'credit', 50)))"
                    + " ELSE jsonb_build_object('energy', jsonb_build_object('type', 'tou', 'peak_rate', 0.2, 'off_peak_rate',"
                    + "   0.05 + g / 2000.0), 'minimum_usage', jsonb_build_object('below_kwh', 400, 'fee', 9.95)) END,"
                    + " (g * 13) % 101, (g % 3) * 12, (g % 2) * 150"
                    + " FROM generate_series(1, " + PLANS + ") AS g");
            s.execute("INSERT INTO user_profile (user_id, region, current_plan_id, contract_end_date, preferences)"
                    + " SELECT 'u-' || u, 'R' || (u % " + REGIONS + "), CASE WHEN u % 3 = 0 THEN 'plan-' || (u % " + PLANS
                    + " + 1) END, CASE WHEN u % 5 = 0 THEN DATE '2027-06-30' END,"
                    + " CASE WHEN u % 4 = 0 THEN '{\"top_n\": 3, \"min_renewable_pct\": 20}'::jsonb ELSE '{}'::jsonb END"
                    + " FROM generate_series(1, " + USERS + ") AS u");
            s.execute("INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh)"
                    + " SELECT 'u-' || u, DATE '2026-06-15' + m * 30, 15 + (u % 40) + m * 3, CASE WHEN u % 2 = 0 THEN 6 END"
                    + " FROM generate_series(1, " + USERS + ") AS u, generate_series(0, 2) AS m");
        }
    }

    private static void changePlan(DataSource db, int i) throws SQLException {
        int plan = (i * 5) % PLANS + 1;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            if (i % 4 == 3) {
                s.execute("UPDATE plan_catalog SET available_regions = ARRAY['R" + (i % REGIONS) + "', 'R" + ((i + 1) % REGIONS)
                        + "'] WHERE plan_id = 'plan-" + plan + "'");
            } else {
                s.execute("UPDATE plan_catalog SET rate_structure = jsonb_build_object('energy', jsonb_build_object('type', 'flat',"
                        + " 'rate', " + (0.05 + i / 200.0) + ")) WHERE plan_id = 'plan-" + plan + "'");
            }
        }
    }

    /** Every user's document recomputed from scratch from the source tables. */
    private static Map<String, RecommendationDocument> expected(DataSource db) throws SQLException {
        List<Plan> plans = new ArrayList<>();
        Map<String, UserProfile> users = new HashMap<>();
        Map<String, List<UsageReading>> readings = new HashMap<>();
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
            try (ResultSet rs = s.executeQuery("SELECT user_id, usage_date, kwh, peak_kwh FROM usage_history")) {
                while (rs.next()) {
                    readings.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new UsageReading(rs.getString(1),
                            rs.getDate(2).toLocalDate(), rs.getBigDecimal(3), rs.getBigDecimal(4)));
                }
            }
        }
        Map<String, RecommendationDocument> expected = new HashMap<>();
        users.forEach((id, user) -> expected.put(id,
                Recommender.recommend(user, readings.getOrDefault(id, List.of()), plans, 1, now)));
        return expected;
    }

    private static JsonNode withoutIds(JsonNode row, String id) {
        tools.jackson.databind.node.ObjectNode copy = ((tools.jackson.databind.node.ObjectNode) row).deepCopy();
        copy.remove(id);
        copy.remove("updated_at");
        return copy;
    }

    private static KafkaConsumer<String, RecommendationDocument> consumer(LocalStack stack) {
        KafkaConsumer<String, RecommendationDocument> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reco-it-tail",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                Topics.RECOMMENDATIONS.keySerde().deserializer(), Topics.RECOMMENDATIONS.valueSerde().deserializer());
        consumer.subscribe(List.of(Topics.RECOMMENDATIONS.name()));
        return consumer;
    }

    private static Process instance(LocalStack stack, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = new File("target/recommender-" + name + ".log");
        return new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                RecommenderStreamsApplication.class.getName(),
                "--server.port=0",
                "--logging.structured.format.console=",
                "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "--treebeard.recommender.bootstrap-servers=" + stack.kafka().bootstrapServers(),
                "--treebeard.recommender.application-id=" + APP_ID,
                "--treebeard.recommender.state-dir=target/recommender-state-" + name + "-" + UUID.randomUUID(),
                "--treebeard.recommender.partitions=3")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
    }
}
