package io.treebeard.projector.kafka;

import io.treebeard.projector.core.DocumentHeader;
import io.treebeard.projector.core.PoisonRecordException;
import io.treebeard.projector.core.Projected;
import io.treebeard.projector.core.Projection;
import io.treebeard.projector.core.ReadModelUnavailableException;
import io.treebeard.projector.core.RedisWrite;
import io.treebeard.projector.core.RowWrite;
import io.treebeard.projector.db.ReadModelWriter;
import io.treebeard.projector.metrics.ProjectorMetrics;
import io.treebeard.projector.redis.CacheUnavailableException;
import io.treebeard.projector.redis.RedisCache;
import io.treebeard.projector.redis.WriteOutcome;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.CommitTimeHeader;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.topic.GroupLag;
import io.treebeard.schemas.topic.Topics;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects batches of raw records: parses them with the topics' serdes, asks {@link Projection} what to write, sends
 * poison records to the dead-letter topic, and executes the writes in Redis and the read model.
 * A transient failure (Redis or PostgreSQL unavailable) is thrown, so the caller retries the same batch and commits
 * nothing past it; every write is version-guarded, so the retry is harmless.
 */
public final class RecordProjector {

    private static final Logger LOG = LoggerFactory.getLogger(RecordProjector.class);

    private final Projection projection;
    private final RedisCache cache;
    private final ReadModelWriter readModel;
    private final DeadLetters deadLetters;
    private final ProjectorMetrics metrics;
    /** Live deletes made while a rebuild runs, by key; re-applied after it so a rebuilt older value cannot survive. */
    private final Map<String, RedisWrite> deletesDuringRebuild = new ConcurrentHashMap<>();
    private volatile boolean trackDeletes;

    /** A projector writing through {@code cache} and {@code readModel}. */
    public RecordProjector(Projection projection, RedisCache cache, ReadModelWriter readModel,
            DeadLetters deadLetters, ProjectorMetrics metrics) {
        this.projection = projection;
        this.cache = cache;
        this.readModel = readModel;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /**
     * Projects one polled batch of the live consumer.
     *
     * @throws CacheUnavailableException     when Redis did not take the writes (retry the batch)
     * @throws ReadModelUnavailableException when PostgreSQL did not take the writes (retry the batch)
     */
    public void project(List<ConsumerRecord<String, byte[]>> records) {
        List<RedisWrite> writes = new ArrayList<>();
        List<RowWrite> rows = new ArrayList<>();
        List<Instant> sourceTimes = new ArrayList<>();
        // Per record: what it became and its source commit time, for the freshness timers once the writes landed.
        Projected[] decided = new Projected[records.size()];
        long[] commitTimes = new long[records.size()];
        int index = -1;
        for (ConsumerRecord<String, byte[]> record : records) {
            index++;
            commitTimes[index] = CommitTimeHeader.read(record.headers());
            Projected projected;
            try {
                projected = decide(record);
            } catch (RuntimeException e) {
                // Poison, unreadable, or anything else the decision throws: it is pure, so the outcome depends only on
                // the record and retrying cannot help. Dead-lettered, and the stage moves on.
                LOG.warn("Poison record {}-{}@{} goes to {}: {}", record.topic(), record.partition(), record.offset(),
                        Topics.DLQ_PROJECTOR, e.getMessage(), e);
                deadLetters.publish(record, e.getMessage(), e);
                metrics.deadLetter();
                continue;
            }
            decided[index] = projected;
            writes.addAll(projected.redis());
            if (projected.row() != null) {
                rows.add(projected.row());
            }
            if (projected.sourceTime() != null) {
                sourceTimes.add(projected.sourceTime());
            }
        }
        try {
            List<WriteOutcome> outcomes = cache.write(writes);
            timeRedis(decided, commitTimes, metrics.nowMillis());
            count(writes, outcomes);
            if (trackDeletes) {
                track(writes, outcomes);
            }
            metrics.rows(readModel.apply(rows));
            timeReadModel(decided, commitTimes, metrics.nowMillis());
        } catch (SQLException e) {
            metrics.paused(true);
            throw new ReadModelUnavailableException("PostgreSQL did not take " + rows.size() + " read-model writes", e);
        } catch (CacheUnavailableException e) {
            metrics.paused(true);
            throw e;
        }
        metrics.paused(false);
        sourceTimes.forEach(metrics::projected);
        GroupLag lag = metrics.groupLag();
        for (ConsumerRecord<String, byte[]> record : records) {
            lag.processed(record.topic(), record.partition(), record.headers(), record.timestamp());
        }
    }

    /** Times every Redis write of the records that carry a source commit time: Redis acknowledged them at {@code nowMs}. */
    private void timeRedis(Projected[] decided, long[] commitTimes, long nowMs) {
        for (int i = 0; i < decided.length; i++) {
            if (decided[i] != null && CommitTimeHeader.present(commitTimes[i])) {
                for (RedisWrite write : decided[i].redis()) {
                    metrics.redisWritten(write.type(), commitTimes[i], nowMs);
                }
            }
        }
    }

    /** Times the read-model rows of the records that carry a source commit time: committed at {@code nowMs}. */
    private void timeReadModel(Projected[] decided, long[] commitTimes, long nowMs) {
        for (int i = 0; i < decided.length; i++) {
            if (decided[i] != null && decided[i].row() != null && CommitTimeHeader.present(commitTimes[i])) {
                metrics.readModelWritten(commitTimes[i], nowMs);
            }
        }
    }

    /**
     * Writes one replayed batch of a compacted topic during a rebuild, through the pipelined connection. Tombstones
     * leave delete markers (a value earlier in the log must not survive its deletion), plan records are skipped (the
     * plan catalog in memory is written whole), poison records are skipped (the live consumer dead-lettered them), the
     * read model is untouched.
     *
     * @return Redis writes issued
     */
    public int rebuild(List<ConsumerRecord<String, byte[]>> records) {
        return writeBulk(rebuildWrites(records));
    }

    /**
     * Dispatches the writes of one replayed batch (see {@link #rebuild}) without waiting; finish with
     * {@link #awaitRebuild}. Lets the rebuild read and parse the next batch while Redis executes this one.
     */
    public RedisCache.Pending dispatchRebuild(List<ConsumerRecord<String, byte[]>> records) {
        return cache.dispatchBulk(rebuildWrites(records));
    }

    /** Waits for a dispatched rebuild batch, counting outcomes; returns how many writes it held. */
    public int awaitRebuild(RedisCache.Pending pending) {
        count(pending.writes(), cache.awaitBulk(pending));
        return pending.size();
    }

    private List<RedisWrite> rebuildWrites(List<ConsumerRecord<String, byte[]>> records) {
        List<RedisWrite> writes = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (Topics.PLANS.name().equals(record.topic())) {
                continue;
            }
            try {
                RedisWrite fast = record.value() == null ? null : fastPath(record);
                if (fast != null) {
                    writes.add(fast);
                } else {
                    writes.addAll(decide(record).redis());
                }
            } catch (PoisonRecordException | SerializationException e) {
                LOG.debug("Rebuild skips poison record {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            }
        }
        return writes;
    }

    /**
     * The rebuild's write of a recommendation or usage analysis straight from the record bytes (see
     * {@link DocumentHeader}): they were serialised by the shared mapper, so they are the value as the live path would
     * write it; only the id and version are read. Null for the other topics.
     */
    static RedisWrite fastPath(ConsumerRecord<String, byte[]> record) {
        KeyType type;
        if (Topics.RECOMMENDATIONS.name().equals(record.topic())) {
            type = KeyType.RECOMMENDATION;
        } else if (Topics.USAGE_ANALYSIS.name().equals(record.topic())) {
            type = KeyType.USAGE_ANALYSIS;
        } else {
            return null;
        }
        DocumentHeader header = DocumentHeader.read(record.value());
        if (!header.userId().equals(record.key())) {
            throw new PoisonRecordException("user_id '" + header.userId() + "' differs from the record key '" + record.key() + "'");
        }
        return RedisWrite.set(type, CacheKeys.key(type, header.userId()), header.version(), record.value());
    }

    /** Writes {@code writes} through the pipelined connection, counting outcomes; returns how many were issued. */
    public int writeBulk(List<RedisWrite> writes) {
        if (writes.isEmpty()) {
            return 0;
        }
        count(writes, cache.writeBulk(writes));
        return writes.size();
    }

    /**
     * Starts remembering live deletes (call before a rebuild writes anything). When an interrupted rebuild left
     * tracking on, what it tracked is kept: the values that rebuild wrote are still in Redis.
     */
    public synchronized void startTrackingDeletes() {
        if (!trackDeletes) {
            deletesDuringRebuild.clear();
            trackDeletes = true;
        }
    }

    /** Stops remembering and re-applies the live deletes made during the rebuild; returns how many were re-applied. */
    public synchronized int reapplyTrackedDeletes() {
        trackDeletes = false;
        List<RedisWrite> deletes = new ArrayList<>(deletesDuringRebuild.values());
        deletesDuringRebuild.clear();
        if (!deletes.isEmpty()) {
            count(deletes, cache.write(deletes));
        }
        return deletes.size();
    }

    Projected decide(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        if (Topics.RECOMMENDATIONS.name().equals(topic)) {
            return projection.recommendationBytes(record.key(), record.value());
        }
        if (Topics.PROFILES.name().equals(topic)) {
            ProfileChange change = Topics.PROFILES.valueSerde().deserializer().deserialize(topic, record.value());
            return projection.profile(record.key(), change);
        }
        if (Topics.USAGE_ANALYSIS.name().equals(topic)) {
            return projection.usageAnalysisBytes(record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
        }
        if (Topics.PLANS.name().equals(topic)) {
            // The plan key only: regional catalogs are the CatalogFollower's, which reads every partition.
            PlanChange change = Topics.PLANS.valueSerde().deserializer().deserialize(topic, record.value());
            return projection.plan(record.key(), change);
        }
        throw new PoisonRecordException("not a projected topic: " + topic);
    }

    private void track(List<RedisWrite> writes, List<WriteOutcome> outcomes) {
        for (int i = 0; i < writes.size(); i++) {
            RedisWrite w = writes.get(i);
            if (w.op() == RedisWrite.Op.DELETE || w.op() == RedisWrite.Op.DELETE_VERSIONED) {
                deletesDuringRebuild.put(w.key(), w);
            } else if (outcomes.get(i) == WriteOutcome.WRITTEN) {
                deletesDuringRebuild.remove(w.key());
            }
        }
    }

    private void count(List<RedisWrite> writes, List<WriteOutcome> outcomes) {
        for (int i = 0; i < writes.size(); i++) {
            metrics.write(writes.get(i).type(), outcomes.get(i), 1);
        }
    }
}
