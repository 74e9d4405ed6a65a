package io.treebeard.ingest;

import static io.treebeard.ingest.IngestTestSupport.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.Migrations;
import io.treebeard.stack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Rows written by direct SQL that the capture cannot publish (too large for a Kafka request, or beyond the input
 * bounds) go to {@code treebeard.dlq.ingest} with their reason, and the changes after them are published: no single row
 * stalls the capture.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureDeadLetterIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String COLUMNS = "INSERT INTO plan_catalog (plan_id, provider, name, available_regions, is_active,"
            + " rate_structure, renewable_percentage, contract_months) VALUES ";
    private static final String FLAT = "'{\"energy\": {\"type\": \"flat\", \"rate\": 0.1}}'";

    private LocalStack stack;
    private DataSource db;
    private ConfigurableApplicationContext app;

    @BeforeAll
    void start(LocalStack localStack) throws Exception {
        stack = localStack;
        stack.postgres().createDatabase("dead_letter_it");
        db = stack.postgres().dataSource("dead_letter_it");
        Migrations.migrate(db);
        app = IngestTestSupport.start(stack, "dead_letter_it");
        await().atMost(WAIT).until(() -> IngestTestSupport.count(db,
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'slot_dead_letter_it' AND active") == 1);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aSixHundredKilobytePlanNameInOneTransactionWithNormalRowsIsDeadLetteredAndLaterChangesArePublished() throws Exception {
        try (TopicTail<DeadLetter> dlq = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.DLQ_INGEST,
                k -> k.contains("dl-big"));
             TopicTail<PlanChange> plans = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.PLANS, k -> k.startsWith("dl-"));
             TopicTail<ProfileChange> profiles = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.PROFILES,
                     "dl-u1"::equals)) {
            String huge = "N".repeat(600 * 1024);
            // One transaction: normal rows around the huge one; its update carries the huge name twice (before, after).
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute(COLUMNS + "('dl-a', 'A', 'Before', ARRAY['DL'], true, " + FLAT + ", 5, 0)");
                s.execute(COLUMNS + "('dl-big', 'A', '" + huge + "', ARRAY['DL'], true, " + FLAT + ", 5, 0)");
                s.execute("UPDATE plan_catalog SET is_active = false WHERE plan_id = 'dl-big'");
                s.execute(COLUMNS + "('dl-b', 'A', 'After', ARRAY['DL'], true, " + FLAT + ", 5, 0)");
                c.commit();
            }
            execute(db, COLUMNS + "('dl-c', 'A', 'Next transaction', ARRAY['DL'], true, " + FLAT + ", 5, 0)",
                    "INSERT INTO user_profile (user_id, region) VALUES ('dl-u1', 'DL')");

            await().atMost(WAIT).until(() -> plans.values().stream().filter(Objects::nonNull)
                    .map(p -> p.planId()).toList().containsAll(List.of("dl-a", "dl-b", "dl-c")) && !profiles.values().isEmpty());
            await().atMost(WAIT).until(() -> dlq.values().size() >= 2);

            assertThat(plans.poll()).extracting(r -> r.key()).doesNotContain("dl-big");
            for (DeadLetter letter : dlq.values()) {
                assertThat(letter.stage()).isEqualTo("ingest");
                assertThat(letter.sourceTopic()).isEqualTo("public.plan_catalog");
                assertThat(letter.sourceOffset()).as("the LSN of the change").isPositive();
                assertThat(letter.reason()).contains("name");
                assertThat(letter.value()).as("a bounded copy of the row").contains("NNNN").hasSizeLessThan(70_000);
            }
        }
    }

    @Test
    void aRateWithinTheDatabaseRulesButBeyondTheInputBoundsIsDeadLetteredByTheCapture() throws Exception {
        try (TopicTail<DeadLetter> dlq = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.DLQ_INGEST,
                k -> k.contains("dl-rate"));
             TopicTail<PlanChange> plans = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.PLANS,
                     k -> k.startsWith("dl-rate") || k.equals("dl-after-rate"))) {
            execute(db, COLUMNS + "('dl-rate', 'A', 'Overflow', ARRAY['DL'], true,"
                            + " '{\"energy\": {\"type\": \"flat\", \"rate\": 1e306}}', 5, 0)",
                    COLUMNS + "('dl-after-rate', 'A', 'Fine', ARRAY['DL'], true, " + FLAT + ", 5, 0)");

            await().atMost(WAIT).until(() -> !dlq.values().isEmpty() && !plans.values().isEmpty());

            assertThat(dlq.values().get(0).reason()).contains("rate_structure.energy.rate must be <= 100");
            assertThat(plans.poll()).extracting(r -> r.key()).containsExactly("dl-after-rate");
        }
    }
}
