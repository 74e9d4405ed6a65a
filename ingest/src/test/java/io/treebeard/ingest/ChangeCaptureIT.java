package io.treebeard.ingest;

import static io.treebeard.ingest.IngestTestSupport.WRITER_KEY;
import static io.treebeard.ingest.IngestTestSupport.execute;
import static io.treebeard.ingest.IngestTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.junit.LocalStackExtension;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Change capture against the real stack: every insert, update and delete of each source table, written through the
 * API or by direct SQL, reaches its topic under the contract key, in commit order per key, with LSN and commit time.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangeCaptureIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PLAN = """
            {"provider": "Acme", "name": "Acme Flat", "available_regions": ["CC-A"], "is_active": true,
             "rate_structure": {"energy": {"type": "flat", "rate": 0.1}}, "renewable_percentage": 10, "contract_months": 0}""";
    private static final String SQL_PLAN_COLUMNS = "INSERT INTO plan_catalog (plan_id, provider, name, available_regions,"
            + " is_active, rate_structure, renewable_percentage, contract_months) VALUES ";

    private LocalStack stack;
    private DataSource db;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack localStack) throws Exception {
        stack = localStack;
        stack.postgres().createDatabase("capture_it");
        db = stack.postgres().dataSource("capture_it");
        io.treebeard.stack.Migrations.migrate(db);
        // Written before the capture starts: must arrive through the initial snapshot.
        execute(db, SQL_PLAN_COLUMNS + "('cc-snap', 'A', 'Snap', ARRAY['CC-S'], true, '{\"energy\": {\"type\": \"flat\","
                + " \"rate\": 0.2}}', 5, 0)");
        app = IngestTestSupport.start(stack, "capture_it");
        await().atMost(WAIT).until(() -> "UP".equals(health()));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void snapshotPublishesRowsThatExistedBeforeTheCaptureStarted() {
        try (TopicTail<PlanChange> plans = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.PLANS, "cc-snap"::equals)) {
            await().atMost(WAIT).until(() -> !plans.values().isEmpty());
            PlanChange change = plans.values().get(0);
            assertThat(change.op()).isEqualTo(ChangeOp.READ);
            assertThat(change.source().snapshot()).isTrue();
            assertThat(change.after().rateStructure().energy()).hasToString("Flat[rate=0.2]");
        }
    }

    @Test
    void planChangesThroughTheApiArriveInCommitOrderWithATombstoneAfterTheDelete() throws Exception {
        try (TopicTail<PlanChange> plans = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.PLANS, "cc-p1"::equals)) {
            assertThat(send(app, "PUT", "/api/v1/plans/cc-p1", "application/json", PLAN, WRITER_KEY).statusCode()).isEqualTo(201);
            send(app, "PUT", "/api/v1/plans/cc-p1", "application/json", PLAN.replace("CC-A", "CC-B"), WRITER_KEY);
            send(app, "DELETE", "/api/v1/plans/cc-p1", null, null, WRITER_KEY);

            await().atMost(WAIT).until(() -> plans.values().size() >= 4);
            List<PlanChange> values = plans.values();
            assertThat(values).hasSize(4);
            assertThat(values.get(0).op()).isEqualTo(ChangeOp.CREATE);
            assertThat(values.get(1).op()).isEqualTo(ChangeOp.UPDATE);
            assertThat(values.get(1).before().availableRegions()).containsExactly("CC-A");
            assertThat(values.get(1).after().availableRegions()).containsExactly("CC-B");
            assertThat(values.get(2).op()).isEqualTo(ChangeOp.DELETE);
            assertThat(values.get(2).after()).isNull();
            assertThat(values.get(2).before().planId()).isEqualTo("cc-p1");
            assertThat(values.get(3)).as("tombstone").isNull();
            assertLsnIncreases(values.subList(0, 3).stream().map(v -> v.source().lsn()).toList());
            assertThat(values.get(0).source().commitTs()).isNotNull();
            assertThat(values.get(0).source().snapshot()).isFalse();
        }
    }

    @Test
    void profileChangesByDirectSqlArriveKeyedByUserId() throws Exception {
        try (TopicTail<ProfileChange> profiles = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.PROFILES,
                "cc-u1"::equals)) {
            execute(db, "INSERT INTO user_profile (user_id, region, preferences) VALUES ('cc-u1', 'CC-A', '{\"top_n\": 3}')",
                    "UPDATE user_profile SET current_plan_id = 'cc-p9', contract_end_date = '2027-01-31' WHERE user_id = 'cc-u1'",
                    "DELETE FROM user_profile WHERE user_id = 'cc-u1'");

            await().atMost(WAIT).until(() -> profiles.values().size() >= 4);
            List<ConsumerRecord<String, ProfileChange>> records = profiles.poll();
            assertThat(records).extracting(ConsumerRecord::key).containsOnly("cc-u1");
            List<ProfileChange> values = profiles.values();
            assertThat(values.get(0).op()).isEqualTo(ChangeOp.CREATE);
            assertThat(values.get(0).after().preferences().topN()).isEqualTo(3);
            assertThat(values.get(1).after().contractEndDate()).isEqualTo(LocalDate.of(2027, 1, 31));
            assertThat(values.get(2).op()).isEqualTo(ChangeOp.DELETE);
            assertThat(values.get(3)).isNull();
            assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(1);
        }
    }

    @Test
    void planChangesByDirectSqlArriveInCommitOrder() throws Exception {
        try (TopicTail<PlanChange> plans = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.PLANS, "cc-sql"::equals)) {
            execute(db, SQL_PLAN_COLUMNS + "('cc-sql', 'A', 'Sql', ARRAY['CC-A'], true, '{\"energy\": {\"type\": \"flat\","
                    + " \"rate\": 0.1}}', 5, 0)",
                    "UPDATE plan_catalog SET is_active = false WHERE plan_id = 'cc-sql'",
                    "DELETE FROM plan_catalog WHERE plan_id = 'cc-sql'");

            await().atMost(WAIT).until(() -> plans.values().size() >= 4);
            List<PlanChange> values = plans.values();
            assertThat(values.subList(0, 3)).extracting(PlanChange::op)
                    .containsExactly(ChangeOp.CREATE, ChangeOp.UPDATE, ChangeOp.DELETE);
            assertThat(values.get(1).after().isActive()).isFalse();
            assertThat(values.get(3)).isNull();
            assertLsnIncreases(values.subList(0, 3).stream().map(v -> v.source().lsn()).toList());
        }
    }

    @Test
    void profileChangesThroughTheApiArriveKeyedByUserId() throws Exception {
        try (TopicTail<ProfileChange> profiles = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.PROFILES,
                "cc-api"::equals)) {
            assertThat(send(app, "PUT", "/api/v1/users/cc-api", "application/json", "{\"region\": \"CC-A\"}", WRITER_KEY)
                    .statusCode()).isEqualTo(201);
            send(app, "PUT", "/api/v1/users/cc-api", "application/json",
                    "{\"region\": \"CC-B\", \"preferences\": {\"min_renewable_pct\": 50}}", WRITER_KEY);
            assertThat(send(app, "DELETE", "/api/v1/users/cc-api", null, null, WRITER_KEY).statusCode()).isEqualTo(204);

            await().atMost(WAIT).until(() -> profiles.values().size() >= 4);
            List<ProfileChange> values = profiles.values();
            assertThat(values.subList(0, 3)).extracting(ProfileChange::op)
                    .containsExactly(ChangeOp.CREATE, ChangeOp.UPDATE, ChangeOp.DELETE);
            assertThat(values.get(1).before().region()).isEqualTo("CC-A");
            assertThat(values.get(1).after().preferences().minRenewablePct()).isEqualTo(50.0);
            assertThat(values.get(3)).isNull();
            assertLsnIncreases(values.subList(0, 3).stream().map(v -> v.source().lsn()).toList());
        }
    }

    @Test
    void usageChangesThroughApiAndSqlArriveAsUpsertsAndDeletesKeyedByUserId() throws Exception {
        try (TopicTail<UsageChange> usage = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.USAGE, "cc-u2"::equals)) {
            send(app, "POST", "/api/v1/usage", "application/json",
                    "[{\"user_id\":\"cc-u2\",\"usage_date\":\"2026-05-01\",\"kwh\":10,\"peak_kwh\":4}]", WRITER_KEY);
            execute(db, "UPDATE usage_history SET kwh = 11 WHERE user_id = 'cc-u2' AND usage_date = '2026-05-01'");
            assertThat(send(app, "DELETE", "/api/v1/usage/cc-u2/2026-05-01", null, null, WRITER_KEY).statusCode()).isEqualTo(204);

            await().atMost(WAIT).until(() -> usage.values().size() >= 3);
            List<UsageChange> values = usage.values();
            assertThat(values).extracting(UsageChange::op).containsExactly(ChangeOp.CREATE, ChangeOp.UPDATE, ChangeOp.DELETE);
            assertThat(values).extracting(UsageChange::usageDate).containsOnly(LocalDate.of(2026, 5, 1));
            assertThat(values.get(0).reading().peakKwh()).isEqualByComparingTo(new BigDecimal("4"));
            assertThat(values.get(1).reading().kwh()).isEqualByComparingTo(new BigDecimal("11"));
            assertThat(values.get(2).reading()).isNull();
            assertLsnIncreases(values.stream().map(v -> v.source().lsn()).toList());
        }
    }

    @Test
    void aRowThatBreaksTheContractGoesToTheDeadLetterTopicAndCaptureContinues() throws Exception {
        try (TopicTail<DeadLetter> dlq = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.DLQ_INGEST, k -> true);
             TopicTail<PlanChange> plans = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.PLANS, "cc-good"::equals)) {
            execute(db, SQL_PLAN_COLUMNS + "('cc-poison', 'A', 'Bad', ARRAY['CC-A'], true,"
                    + " '{\"energy\": {\"type\": \"nuclear\"}}', 5, 0)");
            execute(db, SQL_PLAN_COLUMNS + "('cc-good', 'A', 'Good', ARRAY['CC-A'], true,"
                    + " '{\"energy\": {\"type\": \"flat\", \"rate\": 0.1}}', 5, 0)");

            await().atMost(WAIT).until(() -> dlq.values().stream().anyMatch(d -> Objects.toString(d.key()).contains("cc-poison"))
                    && !plans.values().isEmpty());
            DeadLetter letter = dlq.values().stream().filter(d -> d.key().contains("cc-poison")).findFirst().orElseThrow();
            assertThat(letter.stage()).isEqualTo("ingest");
            assertThat(letter.reason()).contains("rate_structure.energy.type");
            assertThat(letter.sourceTopic()).isEqualTo("public.plan_catalog");
            assertThat(letter.sourceOffset()).as("the LSN of the change").isPositive();
            assertThat(letter.value()).contains("nuclear");
            assertThat(plans.values().get(0).after().name()).isEqualTo("Good");
        }
    }

    @Test
    void healthIsUpWhileStreamingAndMetricsCountCapturedEvents() throws Exception {
        assertThat(health()).isEqualTo("UP");
        HttpResponse<String> metrics = IngestTestSupport.HTTP.send(
                HttpRequest.newBuilder(IngestTestSupport.managementUri(app, "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("treebeard_ingest_capture_events_total{").contains("table=\"public.plan_catalog\"")
                .contains("treebeard_ingest_capture_behind_source_milliseconds").contains("treebeard_ingest_capture_running");
    }

    private String health() throws Exception {
        URI uri = IngestTestSupport.managementUri(app, "/actuator/health");
        String body = IngestTestSupport.HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        return Json.mapper().readTree(body).at("/components/captureLifecycle/status").asString();
    }

    private static void assertLsnIncreases(List<Long> lsns) {
        for (int i = 1; i < lsns.size(); i++) {
            assertThat(lsns.get(i)).as("LSN %d after %d", i, i - 1).isGreaterThan(lsns.get(i - 1));
        }
    }
}
