package io.treebeard.projector.rebuild;

import io.treebeard.projector.core.PlanCatalog;
import io.treebeard.projector.redis.CacheUnavailableException;
import io.treebeard.projector.redis.RedisCache;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects a lost cache and rebuilds it. Every tick it sets the generation marker only if absent ({@code SET NX}): the
 * marker is absent on first start and after Redis came back empty (restart without persistence, {@code FLUSHALL}),
 * and then a rebuild runs. A failed rebuild is retried on the next tick until one completes. The same thread
 * periodically snapshots the hotness ranking and refreshes the TTL of plans and catalogs, whose values only change
 * with plan changes and would otherwise expire.
 */
public final class GenerationWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationWatcher.class);

    private final RedisCache cache;
    private final Rebuilder rebuilder;
    private final PlanCatalog catalog;
    private final Duration interval;
    private final Duration hotnessInterval;
    private final Duration refreshInterval;
    /**
     * The marker value of a {@code SET NX} whose answer never came (a timeout: Redis may still have executed it, e.g.
     * after a long {@code FLUSHALL}). If the marker now holds this value, the write landed, the cache was lost, and only
     * this watcher knows it: the rebuild must still run. Each attempt writes a fresh value, so another instance's
     * marker is never taken for ours.
     */
    private String unansweredMark;
    private ScheduledExecutorService executor;
    private boolean rebuildPending;
    private long lastHotness;
    private long lastRefresh;

    /**
     * A watcher.
     *
     * @param interval        how often the marker is checked
     * @param hotnessInterval how often the hotness ranking is snapshotted
     * @param refreshInterval how often plan and catalog TTLs are refreshed (less than their TTL)
     */
    public GenerationWatcher(RedisCache cache, Rebuilder rebuilder, PlanCatalog catalog, Duration interval, Duration hotnessInterval,
            Duration refreshInterval) {
        this.cache = cache;
        this.rebuilder = rebuilder;
        this.catalog = catalog;
        this.interval = interval;
        this.hotnessInterval = hotnessInterval;
        this.refreshInterval = refreshInterval;
    }

    /** Starts ticking (the first tick runs at once). */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "projector-generation-watcher");
            t.setDaemon(true);
            return t;
        });
        long now = System.nanoTime();
        lastHotness = now - hotnessInterval.toNanos();
        lastRefresh = now;
        executor.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One check; public for tests and the bench. */
    void tick() {
        try {
            long now = System.nanoTime();
            if (unansweredMark != null) {
                if (unansweredMark.equals(cache.generation())) {
                    LOG.warn("Cache generation marker was absent (found on a late answer): rebuilding from the compacted topics");
                    rebuildPending = true;
                }
                unansweredMark = null;
            }
            String mark = UUID.randomUUID().toString();
            unansweredMark = mark;
            boolean absent = cache.markGenerationIfAbsent(mark);
            unansweredMark = null;
            if (absent) {
                LOG.warn("Cache generation marker absent: the cache is new or was lost; rebuilding from the compacted topics");
                rebuildPending = true;
            }
            // After the marker: a lost cache is detected first, whatever else fails in this tick.
            if (now - lastHotness >= hotnessInterval.toNanos()) {
                rebuilder.snapshotHotness();
                lastHotness = now;
            }
            if (rebuildPending) {
                rebuilder.rebuild();
                rebuildPending = false;
            }
            if (now - lastRefresh >= refreshInterval.toNanos()) {
                cache.writeBulk(catalog.snapshot(null));
                lastRefresh = now;
            }
        } catch (CacheUnavailableException e) {
            LOG.debug("Redis unavailable; cache watch retries in {}", interval, e);
        } catch (Exception e) {
            LOG.warn("Cache watch failed; retrying in {} (rebuild pending: {})", interval, rebuildPending, e);
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("Cache watcher did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }
}
