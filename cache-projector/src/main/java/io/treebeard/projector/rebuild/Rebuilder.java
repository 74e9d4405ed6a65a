package io.treebeard.projector.rebuild;

import io.treebeard.projector.core.PlanCatalog;
import io.treebeard.projector.core.Projection;
import io.treebeard.projector.core.RedisWrite;
import io.treebeard.projector.db.ReadModelWriter;
import io.treebeard.projector.kafka.RecordProjector;
import io.treebeard.projector.kafka.TopicReplay;
import io.treebeard.projector.metrics.ProjectorMetrics;
import io.treebeard.projector.redis.RedisCache;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refills an emptied cache. Hottest first: the recommendation documents of the users the query API read most (a
 * snapshot of its hotness ranking taken before the loss) are loaded from the read model and written; then the plan
 * catalog held in memory; then every compacted topic is replayed from the beginning up to its end at the start.
 * Every write is version-guarded and live consumption keeps running, so a rebuilt value never replaces a newer live
 * one; live deletes made meanwhile are re-applied at the end.
 */
public final class Rebuilder {

    private static final Logger LOG = LoggerFactory.getLogger(Rebuilder.class);
    private static final List<Topic<String, ?>> REPLAYED = List.of(Topics.RECOMMENDATIONS, Topics.PROFILES, Topics.USAGE_ANALYSIS);

    private final RedisCache cache;
    private final ReadModelWriter readModel;
    private final Projection projection;
    private final PlanCatalog catalog;
    private final RecordProjector projector;
    private final TopicReplay replay;
    private final ProjectorMetrics metrics;
    private final int hotKeys;
    private final int chunk;
    private volatile List<String> hottest = List.of();

    /**
     * A rebuilder.
     *
     * @param hotKeys how many of the hottest recommendation keys to snapshot and rebuild first
     * @param chunk   writes per pipelined flush
     */
    public Rebuilder(RedisCache cache, ReadModelWriter readModel, Projection projection, PlanCatalog catalog,
            RecordProjector projector, TopicReplay replay, ProjectorMetrics metrics, int hotKeys, int chunk) {
        this.cache = cache;
        this.readModel = readModel;
        this.projection = projection;
        this.catalog = catalog;
        this.projector = projector;
        this.replay = replay;
        this.metrics = metrics;
        this.hotKeys = hotKeys;
        this.chunk = chunk;
    }

    /** Remembers the current hotness ranking, so it survives the loss of the cache that holds it. */
    public void snapshotHotness() {
        List<String> ids = cache.hottest(KeyType.RECOMMENDATION, hotKeys);
        if (!ids.isEmpty()) {
            hottest = ids;
        }
    }

    /** The users the next rebuild writes first. */
    public List<String> hottest() {
        return hottest;
    }

    /**
     * Rebuilds the whole cache; returns the keys written. Throws when Redis, PostgreSQL or Kafka fail, after which the
     * caller runs it again (everything it wrote stays valid).
     */
    public long rebuild() throws SQLException {
        long started = System.nanoTime();
        List<String> hot = hottest;
        metrics.rebuildStarted(hot.size());
        projector.startTrackingDeletes();
        long written = 0;
        boolean completed = false;
        try {
            written += writeHottest(hot);
            List<RedisWrite> plans = catalog.snapshot(null);
            written += writeChunks(plans);
            long total = hot.size() + plans.size();
            for (Topic<String, ?> topic : REPLAYED) {
                try (TopicReplay.Session session = replay.open(topic)) {
                    total += session.total();
                    metrics.rebuildTotal(total);
                    long[] count = {0};
                    // One batch in flight while the next is read and parsed: Redis and the replay overlap.
                    RedisCache.Pending[] inFlight = {null};
                    session.run(batch -> {
                        RedisCache.Pending next = projector.dispatchRebuild(batch);
                        if (inFlight[0] != null) {
                            int n = projector.awaitRebuild(inFlight[0]);
                            count[0] += n;
                            metrics.rebuildKeys(n);
                        }
                        inFlight[0] = next;
                        return true;
                    });
                    if (inFlight[0] != null) {
                        int n = projector.awaitRebuild(inFlight[0]);
                        count[0] += n;
                        metrics.rebuildKeys(n);
                    }
                    written += count[0];
                }
            }
            completed = true;
        } finally {
            metrics.rebuildEnded();
            if (completed) {
                int reapplied = projector.reapplyTrackedDeletes();
                LOG.info("Cache rebuild complete: {} keys written ({} hottest first), {} live deletes re-applied, in {} ms", written,
                        hot.size(), reapplied, (System.nanoTime() - started) / 1_000_000);
            } else {
                // Keep tracking: the retry starts tracking afresh, and whatever this attempt wrote is re-guarded by it.
                LOG.warn("Cache rebuild interrupted after {} keys in {} ms; it is retried", written,
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
        return written;
    }

    private long writeHottest(List<String> hot) throws SQLException {
        long written = 0;
        for (int from = 0; from < hot.size(); from += chunk) {
            List<RecommendationDocument> docs = readModel.documents(hot.subList(from, Math.min(hot.size(), from + chunk)));
            List<RedisWrite> writes = new ArrayList<>(docs.size());
            for (RecommendationDocument doc : docs) {
                writes.addAll(projection.recommendation(doc.userId(), doc).redis());
            }
            int n = projector.writeBulk(writes);
            metrics.rebuildKeys(n);
            written += n;
        }
        return written;
    }

    private long writeChunks(List<RedisWrite> writes) {
        long written = 0;
        for (int from = 0; from < writes.size(); from += chunk) {
            int n = projector.writeBulk(writes.subList(from, Math.min(writes.size(), from + chunk)));
            metrics.rebuildKeys(n);
            written += n;
        }
        return written;
    }
}
