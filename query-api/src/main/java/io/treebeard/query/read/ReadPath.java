package io.treebeard.query.read;

import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.UsageReading;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.tariff.CatalogDocument;
import io.treebeard.tariff.Recommender;
import io.treebeard.tariff.UsageProfiles;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The read path, free of any web framework: Redis first ({@code HGET key d}, bytes served as they are), then the
 * indexed PostgreSQL fallback. A row read from PostgreSQL (profile, plan, read-model recommendation) is back-filled
 * only into an absent key ({@code FILL_IF_ABSENT}: a delete marker blocks it); a document computed here because the
 * pipeline has not produced it yet (recommendation, usage analysis, catalog) is served with {@code "version": null}
 * and not cached, so a version a client sees always names one content (contract section 4).
 *
 * <ul>
 *   <li>Stampede protection: concurrent misses of one key in this instance share one load; across instances the
 *       loader holds a lease ({@code SET key:lease NX PX}) while the others look at the cache every few milliseconds
 *       for a bounded time before they load themselves.</li>
 *   <li>Degradation: cache calls go through a {@link CacheCircuit}; while it is open (or a cache call fails) the read
 *       is served from the database with {@link CacheStatus#BYPASS}.</li>
 * </ul>
 *
 * Futures fail with {@link NotFoundException} (404) or {@link SourceUnavailableException} (503).
 */
public final class ReadPath {

    /**
     * Read path timing.
     *
     * @param leaseTtl      expiry of a stampede lease
     * @param leaseWaitStep how often a lease loser looks at the cache
     * @param leaseWaitMax  how long it looks before loading itself
     */
    public record Timing(Duration leaseTtl, Duration leaseWaitStep, Duration leaseWaitMax) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadPath.class);
    private static final long FAILURE_LOG_EVERY_NANOS = 5_000_000_000L;

    private final java.util.concurrent.atomic.AtomicLong lastFailureLog = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - FAILURE_LOG_EVERY_NANOS - 1);
    private final RedisCache cache;
    private final CacheCircuit breaker;
    private final SourceReader db;
    private final Hotness hotness;
    private final Timing timing;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final ReadListener listener;
    private final CatalogPages pages = new CatalogPages();
    private final ConcurrentHashMap<String, CompletableFuture<ReadResult>> inFlight = new ConcurrentHashMap<>();

    /** A read path over {@code cache} and {@code db}; {@code scheduler} paces lease waits. */
    public ReadPath(RedisCache cache, CacheCircuit breaker, SourceReader db, Hotness hotness, Timing timing,
            ScheduledExecutorService scheduler, Clock clock, ReadListener listener) {
        this.cache = cache;
        this.breaker = breaker;
        this.db = db;
        this.hotness = hotness;
        this.timing = timing;
        this.scheduler = scheduler;
        this.clock = clock;
        this.listener = listener;
    }

    /** The recommendation document of a user (contract section 4). */
    public CompletableFuture<ReadResult> recommendation(String userId) {
        return read(KeyType.RECOMMENDATION, userId, () -> loadRecommendation(userId));
    }

    /** The profile of a user. */
    public CompletableFuture<ReadResult> profile(String userId) {
        return read(KeyType.PROFILE, userId, () -> db.profile(userId)
                .map(p -> Loaded.backfill(json(p), CacheKeys.BACKFILL_VERSION))
                .orElseThrow(() -> new NotFoundException("no profile for user " + userId)));
    }

    /** One plan. */
    public CompletableFuture<ReadResult> plan(String planId) {
        return read(KeyType.PLAN, planId, () -> db.plan(planId)
                .map(p -> Loaded.backfill(json(p), CacheKeys.BACKFILL_VERSION))
                .orElseThrow(() -> new NotFoundException("no plan " + planId)));
    }

    /** The usage analysis of a user (contract sections 3 and 5). */
    public CompletableFuture<ReadResult> usageAnalysis(String userId) {
        return read(KeyType.USAGE_ANALYSIS, userId, () -> {
            List<UsageReading> readings = db.usageWindow(userId);
            if (readings.isEmpty() && db.profile(userId).isEmpty()) {
                throw new NotFoundException("no profile and no readings for user " + userId);
            }
            // Computed here: served without a version (none is known yet) and not cached; the projector's is.
            return Loaded.computed(Unversioned.json(UsageProfiles.analysis(userId, 0L, readings)));
        });
    }

    /** A page of a region's catalog; the whole catalog is what is cached. */
    public CompletableFuture<ReadResult> catalog(CatalogQuery query) {
        String region = query.region();
        // Computed here when missed: served with version null and not cached; the projector's versioned one is.
        return read(KeyType.CATALOG, region, () -> Loaded.computed(json(CatalogDocument.of(region, null, db.activePlans(region)))))
                .thenApply(whole -> new ReadResult(pages.page(whole.body(), query), whole.cacheStatus()));
    }

    private Loaded loadRecommendation(String userId) throws Exception {
        Optional<SourceReader.StoredDocument> stored = db.recommendation(userId);
        if (stored.isPresent()) {
            // Re-written by the shared mapper: jsonb reorders keys, the projector's bytes do not.
            RecommendationDocument doc = Json.mapper().readValue(stored.get().payload(), RecommendationDocument.class);
            return Loaded.backfill(json(doc), stored.get().version());
        }
        UserProfile profile = db.profile(userId).orElseThrow(() -> new NotFoundException("no profile for user " + userId));
        List<UsageReading> readings = db.usageWindow(userId);
        List<Plan> plans = new ArrayList<>(db.activePlans(profile.region()));
        String current = profile.currentPlanId();
        if (current != null && plans.stream().noneMatch(p -> p.planId().equals(current))) {
            db.plan(current).ifPresent(plans::add);
        }
        // Not stored yet (the pipeline has not produced it): computed the same way, served, and not back-filled, so the
        // projector's versioned document is the first one cached.
        return Loaded.computed(Unversioned.json(Recommender.recommend(profile, readings, plans, 0L, clock.instant())));
    }

    private CompletableFuture<ReadResult> read(KeyType type, String id, Callable<Loaded> loader) {
        String key = CacheKeys.key(type, id);
        if (!breaker.allowRequest()) {
            return bypass(type, id, key, loader);
        }
        long asked = System.nanoTime();
        return cache.get(key).handle((bytes, error) -> {
            if (error != null) {
                cacheFailed(System.nanoTime() - asked, error);
                return bypass(type, id, key, loader);
            }
            breaker.onSuccess(System.nanoTime() - asked);
            if (bytes != null) {
                hotness.record(type, id, true);
                listener.onRead(type, CacheStatus.HIT);
                return CompletableFuture.completedFuture(new ReadResult(bytes, CacheStatus.HIT));
            }
            hotness.record(type, id, false);
            return coalesce(key, () -> missLoad(type, key, loader));
        }).thenCompose(Function.identity());
    }

    private void cacheFailed(long nanos, Throwable error) {
        breaker.onFailure(nanos, unwrap(error));
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last > FAILURE_LOG_EVERY_NANOS && lastFailureLog.compareAndSet(last, now)) {
            LOG.warn("Cache call failed (circuit {}); serving from the database", breaker.state(), unwrap(error));
        }
    }

    /**
     * Serves from the database without reading the cache. It shares the key's in-flight load, so a read whose cache call
     * failed during a stampede does not add a database query; the back-fill is still tried while the circuit is closed.
     */
    private CompletableFuture<ReadResult> bypass(KeyType type, String id, String key, Callable<Loaded> loader) {
        hotness.record(type, id, false);
        return coalesce(key, () -> loadAndFill(type, key, loader, false, CacheStatus.BYPASS));
    }

    /** One load per key in this instance: later callers get the running load's future. */
    private CompletableFuture<ReadResult> coalesce(String key, java.util.function.Supplier<CompletableFuture<ReadResult>> load) {
        CompletableFuture<ReadResult> mine = new CompletableFuture<>();
        CompletableFuture<ReadResult> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        CompletableFuture<ReadResult> started;
        try {
            started = load.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((result, error) -> {
            inFlight.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(unwrap(error));
            } else {
                mine.complete(result);
            }
        });
        return mine;
    }

    private CompletableFuture<ReadResult> missLoad(KeyType type, String key, Callable<Loaded> loader) {
        long asked = System.nanoTime();
        return cache.tryLease(key, timing.leaseTtl()).handle((won, error) -> {
            if (error != null) {
                cacheFailed(System.nanoTime() - asked, error);
                return loadAndFill(type, key, loader, false, CacheStatus.MISS);
            }
            if (won) {
                // Re-check: a load that finished between our miss and the lease has filled the key.
                return cache.get(key).handle((bytes, e) -> bytes != null
                        ? hit(type, bytes)
                        : loadAndFill(type, key, loader, true, CacheStatus.MISS)).thenCompose(Function.identity());
            }
            return awaitFill(type, key, loader, System.nanoTime() + timing.leaseWaitMax().toNanos());
        }).thenCompose(Function.identity());
    }

    private CompletableFuture<ReadResult> hit(KeyType type, byte[] bytes) {
        listener.onRead(type, CacheStatus.HIT);
        return CompletableFuture.completedFuture(new ReadResult(bytes, CacheStatus.HIT));
    }

    /** Another reader holds the lease: look at the cache every step until it is filled or the wait is over. */
    private CompletableFuture<ReadResult> awaitFill(KeyType type, String key, Callable<Loaded> loader, long untilNanos) {
        CompletableFuture<ReadResult> result = new CompletableFuture<>();
        scheduler.schedule(() -> cache.get(key).handle((bytes, error) -> {
            if (bytes != null) {
                return hit(type, bytes);
            }
            if (error != null || System.nanoTime() >= untilNanos) {
                return loadAndFill(type, key, loader, false, CacheStatus.MISS);
            }
            return awaitFill(type, key, loader, untilNanos);
        }).thenCompose(Function.identity()).whenComplete((r, e) -> {
            if (e != null) {
                result.completeExceptionally(unwrap(e));
            } else {
                result.complete(r);
            }
        }), timing.leaseWaitStep().toNanos(), TimeUnit.NANOSECONDS);
        return result;
    }

    private CompletableFuture<ReadResult> loadAndFill(KeyType type, String key, Callable<Loaded> loader, boolean holdsLease,
            CacheStatus status) {
        return db.async(loader).thenCompose(loaded -> {
            listener.onRead(type, status);
            ReadResult result = new ReadResult(loaded.body(), status);
            if (!loaded.backfill() || breaker.state() != CacheCircuit.State.CLOSED) {
                if (holdsLease) {
                    cache.releaseLease(key);
                }
                return CompletableFuture.completedFuture(result);
            }
            // The fill completes before the load's waiters are released, so a later miss of this key finds it.
            return cache.backfill(key, loaded.version(), loaded.body(), type.defaultTtl()).handle((r, e) -> {
                if (holdsLease) {
                    cache.releaseLease(key);
                }
                return result;
            });
        }).whenComplete((r, e) -> {
            if (e != null && holdsLease) {
                cache.releaseLease(key);
            }
        });
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static byte[] json(Object value) {
        return Json.mapper().writeValueAsBytes(value);
    }

    /**
     * The result of a database load.
     *
     * @param body     the JSON bytes
     * @param version  the version to back-fill with
     * @param backfill false for a document computed on the fly, which is served but not cached
     */
    record Loaded(byte[] body, long version, boolean backfill) {

        static Loaded backfill(byte[] body, long version) {
            return new Loaded(body, version, true);
        }

        static Loaded computed(byte[] body) {
            return new Loaded(body, CacheKeys.BACKFILL_VERSION, false);
        }
    }
}
