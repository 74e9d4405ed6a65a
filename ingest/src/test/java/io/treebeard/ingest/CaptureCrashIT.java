package io.treebeard.ingest;

import static io.treebeard.ingest.IngestTestSupport.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.treebeard.ingest.capture.CaptureMain;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.topic.Topics;
import io.treebeard.stack.LocalStack;
import io.treebeard.stack.Migrations;
import io.treebeard.stack.junit.LocalStackExtension;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kills the capture process with SIGKILL while 100,000 readings stream in, starts it again, and checks that every
 * committed row reached {@code treebeard.usage} at least once, and that after de-duplication by key, date and LSN the
 * published rows are exactly the table.
 */
@ExtendWith(LocalStackExtension.class)
class CaptureCrashIT {

    private static final int USERS = 1_000;
    private static final int DAYS = 100;
    private static final int ROWS = USERS * DAYS;

    @Test
    void abruptKillMidStreamLosesNoCommittedRowAndDuplicatesAreDetectableByLsn(LocalStack stack) throws Exception {
        stack.postgres().createDatabase("crash_it");
        DataSource db = stack.postgres().dataSource("crash_it");
        Migrations.migrate(db);

        try (TopicTail<UsageChange> usage = new TopicTail<>(stack.kafka().bootstrapServers(), Topics.USAGE,
                k -> k.startsWith("crash-"))) {
            Process first = startCapture(stack, "first");
            awaitSlotActive(db);

            // 100 transactions of 1,000 rows, committed while the capture streams.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int day = 0; day < DAYS; day++) {
                    try {
                        execute(db, "INSERT INTO usage_history (user_id, usage_date, kwh, peak_kwh)"
                                + " SELECT 'crash-' || u, DATE '2026-01-01' + " + day + ", u % 50 + " + day + " / 10.0, NULL"
                                + " FROM generate_series(1, " + USERS + ") AS u");
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });

            await().atMost(Duration.ofMinutes(2)).until(() -> usage.poll().size() >= ROWS / 4);
            first.destroyForcibly().waitFor();
            int seenAtKill = usage.poll().size();
            writer.join();

            Process second = startCapture(stack, "second");
            try {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> distinctRows(usage.poll()).size() >= ROWS);
            } finally {
                second.destroy();
                second.waitFor();
            }

            List<ConsumerRecord<String, UsageChange>> published = usage.poll();
            Set<String> deduplicated = new HashSet<>();
            for (ConsumerRecord<String, UsageChange> r : published) {
                assertThat(r.key()).isEqualTo(r.value().userId());
                deduplicated.add(r.key() + "|" + r.value().usageDate() + "|" + r.value().source().lsn() + "|"
                        + r.value().reading().kwh().stripTrailingZeros().toPlainString());
            }
            assertThat(seenAtKill).as("killed mid-stream").isLessThan(ROWS);
            assertThat(published.size()).as("at least once").isGreaterThanOrEqualTo(ROWS);
            assertThat(deduplicated).hasSize(ROWS);
            assertThat(rowsOf(deduplicated)).isEqualTo(table(db));
        }
    }

    private static Set<String> distinctRows(List<ConsumerRecord<String, UsageChange>> records) {
        Set<String> rows = new HashSet<>();
        records.forEach(r -> rows.add(r.key() + "|" + r.value().usageDate()));
        return rows;
    }

    private static Set<String> rowsOf(Set<String> deduplicated) {
        Set<String> rows = new HashSet<>();
        for (String event : deduplicated) {
            String[] parts = event.split("\\|");
            rows.add(parts[0] + "|" + parts[1] + "|" + parts[3]);
        }
        return rows;
    }

    private static Set<String> table(DataSource db) throws Exception {
        Set<String> rows = new HashSet<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, usage_date, kwh FROM usage_history")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getDate(2).toLocalDate() + "|"
                        + rs.getBigDecimal(3).stripTrailingZeros().toPlainString());
            }
        }
        return rows;
    }

    private static void awaitSlotActive(DataSource db) {
        await().atMost(Duration.ofMinutes(1)).until(() -> IngestTestSupport.count(db,
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'slot_crash_it' AND active") == 1);
    }

    private static Process startCapture(LocalStack stack, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = new File("target/capture-crash-" + name + ".log");
        return new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"), CaptureMain.class.getName(),
                "localhost", Integer.toString(stack.postgres().port()), "crash_it", "postgres", "", "slot_crash_it",
                "treebeard_cdc", stack.kafka().bootstrapServers(), "treebeard.ingest.offsets.crash_it", "tb_crash_it", "3")
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }
}
