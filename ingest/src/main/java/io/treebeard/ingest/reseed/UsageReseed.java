package io.treebeard.ingest.reseed;

import io.treebeard.schemas.event.CommitTimeHeader;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes, for every user, a resync record on {@code treebeard.usage}: the user's complete list of readings in
 * {@code usage_history} as of a source LSN S ({@link UsageChange#resync}). The recommender replaces every ledger entry
 * it applied at or before S with that list and keeps later ones, so after a reset (or a lost store, or a new
 * application id) its ledgers equal the source again even though the topic's retention dropped old readings. Users
 * that the caller knows of (the keys of the compacted {@code treebeard.usage-analysis}, see {@link PublishedUsers}) but
 * that have no reading left get an empty resync, so deletions are reconciled too.
 *
 * <p>Choosing S. The records must state the truth for every change with an LSN at or below S: a change the capture
 * delivers later with such an LSN is treated as already included. A snapshot taken first and S read afterwards would
 * break that for a transaction that wrote a reading before S but committed after the snapshot: its change has an LSN
 * below S, yet the snapshot cannot see it. So S is read first, then the reseed waits until every transaction that was
 * running at that moment has ended, and only then takes its REPEATABLE READ snapshot. Every change at or below S is then
 * committed (and visible) or rolled back. Changes after S that the snapshot already sees are harmless: the capture
 * delivers them later, with a larger LSN, and they are applied on top with the same result.
 *
 * <p>Idempotent: running it again publishes a resync at a later LSN with the same content, which changes nothing
 * downstream. Safe while the write API and the capture run.
 */
public final class UsageReseed {

    /** The readings, in user order, as one consistent snapshot. */
    static final String READINGS = "SELECT user_id, usage_date, kwh, peak_kwh FROM usage_history ORDER BY user_id, usage_date";

    /** Waits, in the server, for every transaction in progress at its start to end. */
    static final String AWAIT_RUNNING_TRANSACTIONS = """
            DO $$
            DECLARE
                snap pg_snapshot := pg_current_snapshot();
                x xid8;
            BEGIN
                FOR x IN SELECT pg_snapshot_xip(snap) LOOP
                    WHILE pg_xact_status(x) = 'in progress' LOOP
                        PERFORM pg_sleep(0.02);
                    END LOOP;
                END LOOP;
            END
            $$""";

    private static final int FETCH_SIZE = 10_000;

    private final DataSource source;
    private final Producer<String, UsageChange> producer;
    private final Clock clock;
    private final Duration waitForTransactions;

    /**
     * A reseed reading {@code source} and publishing with {@code producer} (which should be idempotent with
     * {@code acks=all}, and have the default partitioner: records must land on the user's partition of the capture).
     *
     * @param waitForTransactions how long to wait for transactions running at the start to end before giving up
     */
    public UsageReseed(DataSource source, Producer<String, UsageChange> producer, Clock clock, Duration waitForTransactions) {
        this.source = source;
        this.producer = producer;
        this.clock = clock;
        this.waitForTransactions = waitForTransactions;
    }

    /**
     * What a reseed did.
     *
     * @param lsn        the LSN S of every resync record
     * @param users      users published with their readings
     * @param readings   readings published
     * @param reconciled users published with an empty list (known downstream, without readings in the source)
     */
    public record Result(long lsn, int users, long readings, int reconciled) {
    }

    /**
     * Publishes one resync per user of the source, and an empty one per user of {@code knownUsers} without readings,
     * and returns once the broker acknowledged every record.
     *
     * @throws ReseedException when the database or Kafka fails; records already published are harmless (a rerun
     *                         supersedes them)
     */
    public Result run(Set<String> knownUsers) {
        Topic<String, UsageChange> topic = Topics.USAGE;
        try (Connection c = source.getConnection()) {
            long lsn = currentLsn(c);
            awaitTransactionsRunningAt(c);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            Set<String> remaining = new HashSet<>(knownUsers);
            Instant now = clock.instant();
            SourcePosition position = new SourcePosition(lsn, null, now, true);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            int users = 0;
            long readings = 0;
            try (PreparedStatement s = c.prepareStatement(READINGS)) {
                s.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = s.executeQuery()) {
                    String user = null;
                    List<UsageReading> list = new ArrayList<>();
                    while (rs.next()) {
                        String id = rs.getString(1);
                        if (user != null && !user.equals(id)) {
                            sent.add(send(topic, user, list, position));
                            users++;
                            list = new ArrayList<>();
                        }
                        user = id;
                        remaining.remove(id);
                        list.add(new UsageReading(id, rs.getDate(2).toLocalDate(), rs.getBigDecimal(3), rs.getBigDecimal(4)));
                        readings++;
                    }
                    if (user != null) {
                        sent.add(send(topic, user, list, position));
                        users++;
                    }
                }
            }
            c.commit();
            for (String gone : remaining) {
                sent.add(send(topic, gone, List.of(), position));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(1, TimeUnit.MINUTES);
            }
            return new Result(lsn, users, readings, remaining.size());
        } catch (SQLException e) {
            throw new ReseedException("Cannot read usage_history: " + e.getMessage(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ReseedException("Cannot publish the resync records: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReseedException("Interrupted while publishing", e);
        }
    }

    private Future<RecordMetadata> send(Topic<String, UsageChange> topic, String userId, List<UsageReading> readings,
            SourcePosition position) {
        ProducerRecord<String, UsageChange> record =
                new ProducerRecord<>(topic.name(), userId, UsageChange.resync(userId, readings, position));
        // The resync reflects the source as read now: that is its commit time for the freshness timers.
        CommitTimeHeader.write(record.headers(), position.commitTs().toEpochMilli());
        return producer.send(record);
    }

    /** The current WAL insert position as the number Debezium's {@code source.lsn} uses. */
    private static long currentLsn(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Waits until every transaction running now (after the LSN was read: any transaction that wrote below it already
     * had its id) has committed or rolled back. The wait runs in the server, bounded by a statement timeout.
     */
    private void awaitTransactionsRunningAt(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + waitForTransactions.toMillis());
            try {
                s.execute(AWAIT_RUNNING_TRANSACTIONS);
            } catch (SQLException e) {
                throw new ReseedException("Transactions running at the reseed's start did not end within " + waitForTransactions
                        + " (" + e.getMessage() + "); end them or retry later", e);
            } finally {
                s.execute("RESET statement_timeout");
            }
        }
    }
}
