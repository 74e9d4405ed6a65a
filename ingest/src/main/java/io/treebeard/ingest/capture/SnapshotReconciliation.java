package io.treebeard.ingest.capture;

import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.SourcePosition;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a full snapshot into a true picture of the source, deletes included. A snapshot re-publishes every current row,
 * but a row deleted while the capture could not see the log (a lost slot, removed offsets) simply is not in it, and its
 * key would stay live in the compacted topic forever. So the capture remembers the plan and profile keys the snapshot
 * held, and when it ends, every key live in {@code treebeard.plans} / {@code treebeard.profiles} but absent from the
 * snapshot gets what a real delete gets: a change with {@code after} null (its {@code before} the last published row)
 * and a tombstone, at the snapshot's LSN, so consumers' LSN guards accept it and later streamed changes win over it.
 *
 * <p>Not thread-safe: used by the engine's batch thread only.
 */
final class SnapshotReconciliation {

    /** Reads the last published value of every key of a compacted topic that is not in {@code skip}. */
    @FunctionalInterface
    interface CompactedTopics {
        <V> Map<String, V> lastValues(Topic<String, V> topic, Set<String> skip);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReconciliation.class);

    private final CompactedTopics topics;
    private final Clock clock;
    private final Set<String> planKeys = new HashSet<>();
    private final Set<String> profileKeys = new HashSet<>();
    private CaptureGap gap;
    private boolean inSnapshot;
    private long snapshotLsn = -1;

    SnapshotReconciliation(CompactedTopics topics, Clock clock) {
        this.topics = topics;
        this.clock = clock;
    }

    /**
     * The engine is about to start; {@code expected} says why a snapshot will follow, null when none is expected. A
     * snapshot that was under way when the engine stopped is expected again (Debezium repeats an unfinished snapshot),
     * with its original cause.
     */
    void starting(CaptureGap expected) {
        planKeys.clear();
        profileKeys.clear();
        snapshotLsn = -1;
        if (expected != null || !inSnapshot) {
            gap = expected;
        }
        inSnapshot = gap != null;
    }

    /** True while a full snapshot is (or is expected to be) under way. */
    boolean inSnapshot() {
        return inSnapshot;
    }

    /** Why the current snapshot happens; null when none. */
    CaptureGap gap() {
        return gap;
    }

    /** Notes a snapshot row of {@code table} with key {@code key} at {@code lsn}. */
    void snapshotRow(String table, String key, long lsn, CaptureGap unplanned) {
        if (!inSnapshot) {
            // Debezium re-snapshots by itself when a snapshot was interrupted: reconcile after it too.
            inSnapshot = true;
            gap = unplanned;
        }
        snapshotLsn = Math.max(snapshotLsn, lsn);
        if (key == null) {
            return;
        }
        if (ChangeMapper.PLANS_TABLE.equals(table)) {
            planKeys.add(key);
        } else if (ChangeMapper.PROFILES_TABLE.equals(table)) {
            profileKeys.add(key);
        }
    }

    /** What a finished snapshot needs published: deletes of the vanished keys, and where the snapshot is. */
    record Finished(CaptureGap gap, long snapshotLsn, List<ProducerRecord<String, byte[]>> deletes) {
        Finished {
            deletes = List.copyOf(deletes);
        }

        /** How many keys get a delete (each is a change and a tombstone). */
        int deletedKeys() {
            return deletes.size() / 2;
        }
    }

    /**
     * Ends the snapshot: the delete changes and tombstones of every plan and profile key the topics hold live but the
     * snapshot did not, at the snapshot's LSN ({@code fallbackLsn} when the snapshot had no rows at all).
     */
    Finished finish(long fallbackLsn, Predicate<String> tableIsEmpty) {
        long lsn = snapshotLsn >= 0 ? snapshotLsn : fallbackLsn;
        SourcePosition position = new SourcePosition(lsn, null, clock.instant(), true);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        if (trusted(planKeys, ChangeMapper.PLANS_TABLE, tableIsEmpty)) {
            topics.lastValues(Topics.PLANS, planKeys).forEach((planId, last) -> {
                if (last != null && last.after() != null) {
                    add(records, Topics.PLANS, planId, new PlanChange(ChangeOp.DELETE, planId, last.after(), null, position), position);
                }
            });
        }
        if (trusted(profileKeys, ChangeMapper.PROFILES_TABLE, tableIsEmpty)) {
            topics.lastValues(Topics.PROFILES, profileKeys).forEach((userId, last) -> {
                if (last != null && last.after() != null) {
                    add(records, Topics.PROFILES, userId, new ProfileChange(ChangeOp.DELETE, userId, last.after(), null, position),
                            position);
                }
            });
        }
        Finished finished = new Finished(gap, lsn, records);
        inSnapshot = false;
        gap = null;
        planKeys.clear();
        profileKeys.clear();
        snapshotLsn = -1;
        return finished;
    }

    /**
     * Whether the keys seen are the table's whole content. No key at all is only believed when the table is empty right
     * now: had the engine streamed instead of snapshotting, reconciling would delete every live key.
     */
    private static boolean trusted(Set<String> keys, String table, Predicate<String> tableIsEmpty) {
        if (!keys.isEmpty() || tableIsEmpty.test(table)) {
            return true;
        }
        LOG.warn("Change capture: no snapshot row of {} although the table has rows; its deletes are not reconciled", table);
        return false;
    }

    /**
     * A delete and its tombstone; their commit time ({@link io.treebeard.schemas.event.CommitTimeHeader}) is the
     * snapshot's end, when the source was seen without the key.
     */
    private static <V> void add(List<ProducerRecord<String, byte[]>> records, Topic<String, V> topic, String key, V change,
            SourcePosition position) {
        long commitMs = position.commitTs().toEpochMilli();
        records.add(ChangeMapper.stamped(new ProducerRecord<>(topic.name(), key,
                topic.valueSerde().serializer().serialize(topic.name(), change)), commitMs));
        records.add(ChangeMapper.stamped(new ProducerRecord<>(topic.name(), key, null), commitMs));
    }
}
