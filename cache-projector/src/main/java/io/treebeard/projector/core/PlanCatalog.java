package io.treebeard.projector.core;

import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.model.Plan;
import io.treebeard.tariff.CatalogDocument;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole plan catalog in memory, built from every partition of {@code treebeard.plans}, and the regional catalogs
 * it implies.
 *
 * <p><b>Catalog versions.</b> A region's catalog depends on plans from every partition, and partitions are read in no
 * particular order relative to each other, so no single change's LSN can version it (a change read later may carry a
 * smaller LSN, and snapshot rows share one). Instead a catalog is versioned by the <em>position</em> it was computed
 * at: the next offset of each partition of {@code treebeard.plans} that has been applied ({@link #advance}). The
 * version is the sum of the offsets, and the Redis write is guarded by the whole position (a write lands only when no
 * partition is behind the stored one, {@code CATALOG_SET}). Positions only grow, so versions only grow; any catalog
 * content change comes with a later position, so it gets a higher version; offsets survive restarts, replays and Redis
 * loss. A catalog computed while replaying a compacted topic is not the state at that position (compaction removed
 * superseded records), so callers write catalogs only once caught up with the end offsets taken at the start.
 *
 * <p>Plan keys ({@code tb:plan:{id}}) are versioned by their own source LSN; a plan lives in one partition, so its
 * changes arrive in commit order.
 *
 * <p>Thread-safe: every method synchronises on the instance (the follower applies, the watcher and rebuild snapshot).
 */
public final class PlanCatalog {

    /** A plan as last seen: {@code plan} is null after a delete (kept so an older replayed upsert cannot revive it). */
    private record Known(Plan plan, long lsn, Map<String, BigDecimal> efl) {
    }

    private final Map<String, Known> plans = new HashMap<>();
    private final Set<String> regions = new TreeSet<>();
    private final TreeMap<Integer, Long> position = new TreeMap<>();

    /**
     * Applies a change of plan {@code key} (null change = tombstone) and returns the regions whose catalog it may have
     * changed: those of the plan before and after the change. A change not newer than the one already applied to the
     * plan returns no region.
     *
     * @throws PoisonRecordException when the change cannot be applied (missing fields, prices that cannot be computed);
     *                               the catalog is left as it was
     */
    public synchronized Set<String> apply(String key, PlanChange change) {
        String planId = Projection.checkKey(key);
        Known known = plans.get(planId);
        if (change == null) {
            plans.remove(planId);
            // Normally the delete change before the tombstone already removed the plan; a tombstone alone removes it too.
            return known == null || known.plan() == null ? Set.of() : touch(new TreeSet<>(known.plan().availableRegions()));
        }
        if (change.source() == null) {
            throw new PoisonRecordException("source is missing: a plan change is versioned by its source LSN");
        }
        long lsn = change.source().lsn();
        Plan after = change.op() == ChangeOp.DELETE ? null : change.after();
        if (change.op() != ChangeOp.DELETE) {
            if (after == null) {
                throw new PoisonRecordException("after is missing in a '" + change.op().code() + "' change");
            }
            Projection.checkSameId(planId, after.planId(), "after.plan_id");
        }
        if (known != null && lsn <= known.lsn()) {
            return Set.of();
        }
        Map<String, BigDecimal> efl = after == null ? Map.of() : Projection.eflPrices(after);
        Set<String> touched = new TreeSet<>();
        if (known != null && known.plan() != null) {
            touched.addAll(known.plan().availableRegions());
        }
        if (change.before() != null) {
            touched.addAll(change.before().availableRegions());
        }
        if (after != null) {
            touched.addAll(after.availableRegions());
        }
        plans.put(planId, new Known(after, lsn, efl));
        return touch(touched);
    }

    private Set<String> touch(Set<String> touched) {
        regions.addAll(touched);
        return touched;
    }

    /** Forgets everything (a follower starting its replay again). */
    public synchronized void clear() {
        plans.clear();
        regions.clear();
        position.clear();
    }

    /** Records that every record of {@code partition} before {@code nextOffset} has been applied. */
    public synchronized void advance(int partition, long nextOffset) {
        position.merge(partition, nextOffset, Math::max);
    }

    /** The position as {@code CATALOG_SET} takes it: the next offset of partitions 0..n, comma-separated. */
    public synchronized String position() {
        if (position.isEmpty()) {
            return "0";
        }
        int last = position.lastKey();
        StringBuilder out = new StringBuilder();
        for (int p = 0; p <= last; p++) {
            if (p > 0) {
                out.append(',');
            }
            out.append(position.getOrDefault(p, 0L));
        }
        return out.toString();
    }

    /** The catalog version at the current position: the sum of its offsets. */
    public synchronized long version() {
        long sum = 0;
        for (long offset : position.values()) {
            sum += offset;
        }
        return sum;
    }

    /** The current document of {@code region} (empty plans for an unknown region), versioned by {@link #version()}. */
    public synchronized CatalogDocument catalog(String region) {
        return new CatalogDocument(region, version(), entries(region));
    }

    private List<CatalogDocument.Entry> entries(String region) {
        Map<String, Known> active = new TreeMap<>();
        for (Map.Entry<String, Known> e : plans.entrySet()) {
            Plan plan = e.getValue().plan();
            if (plan != null && plan.isActive() && plan.availableRegions().contains(region)) {
                active.put(e.getKey(), e.getValue());
            }
        }
        List<CatalogDocument.Entry> entries = new ArrayList<>(active.size());
        // TreeMap of String orders by UTF-16 code units, which equals code-point order for identifiers (ASCII only).
        for (Known k : active.values()) {
            entries.add(new CatalogDocument.Entry(k.plan(), k.efl()));
        }
        return entries;
    }

    /** Every region any applied change touched. */
    public synchronized Set<String> regions() {
        return new TreeSet<>(regions);
    }

    /** One {@code CATALOG_SET} per region of {@code regionsToWrite}, at the current position. */
    public synchronized List<RedisWrite> catalogWrites(Collection<String> regionsToWrite) {
        List<RedisWrite> writes = new ArrayList<>(regionsToWrite.size());
        String at = position();
        long version = version();
        for (String region : new TreeSet<>(regionsToWrite)) {
            List<CatalogDocument.Entry> entries = entries(region);
            byte[] content = Projection.toJson(new CatalogDocument(region, null, entries));
            byte[] json = Projection.toJson(new CatalogDocument(region, version, entries));
            writes.add(RedisWrite.catalog(CacheKeys.catalog(region), version, at, hash(content), json));
        }
        return writes;
    }

    /**
     * Every value the catalog holds as Redis writes: each live plan key and each region's catalog, optionally only
     * those of {@code region} (null = all). Used by the rebuild, the TTL refresh and the warm CLI.
     */
    public synchronized List<RedisWrite> snapshot(String region) {
        List<RedisWrite> writes = new ArrayList<>();
        for (Map.Entry<String, Known> e : new TreeMap<>(plans).entrySet()) {
            Plan plan = e.getValue().plan();
            if (plan != null && (region == null || plan.availableRegions().contains(region))) {
                writes.add(RedisWrite.set(KeyType.PLAN, CacheKeys.plan(e.getKey()), e.getValue().lsn(), Projection.toJson(plan)));
            }
        }
        writes.addAll(catalogWrites(region == null ? regions : regions.contains(region) ? Set.of(region) : Set.of()));
        return writes;
    }

    /** Plans currently known (deleted ones excluded). */
    public synchronized int size() {
        return (int) plans.values().stream().filter(k -> k.plan() != null).count();
    }

    private static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
