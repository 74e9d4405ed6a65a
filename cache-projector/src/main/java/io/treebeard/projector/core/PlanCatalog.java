package io.treebeard.projector.core;

import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import io.treebeard.schemas.event.ChangeOp;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.model.Plan;
import io.treebeard.tariff.CatalogDocument;
import io.treebeard.tariff.EflPrices;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plan catalog in memory, rebuilt from {@code treebeard.plans} at startup and kept current by every plan change.
 * It decides the plan key write and which regional catalogs a change invalidates: only the regions in the plan's
 * {@code available_regions} before or after the change (selective invalidation). A region's catalog version is the
 * highest LSN of the changes that touched it, so a replayed or older change never bumps it.
 *
 * <p>Not thread-safe on its own: callers synchronise (one listener thread per partition can call it concurrently).
 */
public final class PlanCatalog {

    /** A plan as last seen: {@code plan} is null after a delete (kept so an older replayed upsert cannot revive it). */
    private record Known(Plan plan, long lsn, Map<String, BigDecimal> efl, Set<String> touched) {
    }

    private final Map<String, Known> plans = new HashMap<>();
    private final Map<String, Long> regionVersions = new HashMap<>();

    /**
     * Applies a change of plan {@code key} (null change = tombstone) and returns the Redis writes: the plan key and
     * every touched region's whole catalog, one {@code VERSIONED_SET} each. A change not newer than the one already
     * applied to the plan returns {@link Projected#NOTHING}.
     */
    public synchronized Projected apply(String key, PlanChange change) {
        String planId = Projection.checkKey(key);
        if (change == null) {
            Known gone = plans.get(planId);
            if (gone != null && gone.plan() == null) {
                plans.remove(planId);
            }
            // The delete change before the tombstone already rebuilt the regions; the plan key goes without a version.
            return new Projected(List.of(RedisWrite.delete(KeyType.PLAN, CacheKeys.plan(planId))), null, null);
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
        Known known = plans.get(planId);
        if (known != null && lsn < known.lsn()) {
            return Projected.NOTHING;
        }
        if (known != null && lsn == known.lsn()) {
            // The same change again (redelivery, or a retry after Redis failed): emit the same writes; the guard
            // refreshes what is stored and fills what an earlier attempt could not write.
            return writes(planId, known, known.touched(), change.source().commitTs());
        }
        Set<String> regions = new TreeSet<>();
        if (known != null && known.plan() != null) {
            regions.addAll(known.plan().availableRegions());
        }
        if (change.before() != null) {
            regions.addAll(change.before().availableRegions());
        }
        if (after != null) {
            regions.addAll(after.availableRegions());
        }
        Known applied = new Known(after, lsn, after == null ? Map.of() : EflPrices.of(after.rateStructure()), Set.copyOf(regions));
        plans.put(planId, applied);
        for (String region : regions) {
            regionVersions.merge(region, lsn, Math::max);
        }
        return writes(planId, applied, regions, change.source().commitTs());
    }

    private Projected writes(String planId, Known known, Set<String> regions, Instant committed) {
        String planKey = CacheKeys.plan(planId);
        List<RedisWrite> writes = new ArrayList<>(regions.size() + 1);
        writes.add(known.plan() == null ? RedisWrite.deleteVersioned(KeyType.PLAN, planKey, known.lsn())
                : RedisWrite.set(KeyType.PLAN, planKey, known.lsn(), Projection.toJson(known.plan())));
        for (String region : new TreeSet<>(regions)) {
            writes.add(catalogWrite(region));
        }
        return new Projected(writes, null, committed);
    }

    /** The current document of {@code region} (empty plans for an unknown region, version 0). */
    public synchronized CatalogDocument catalog(String region) {
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
        return new CatalogDocument(region, regionVersions.getOrDefault(region, 0L), entries);
    }

    /** Every region any applied change touched. */
    public synchronized Set<String> regions() {
        return new TreeSet<>(regionVersions.keySet());
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
        for (String r : regions()) {
            if (region == null || region.equals(r)) {
                writes.add(catalogWrite(r));
            }
        }
        return writes;
    }

    /** Plans currently known (deleted ones excluded). */
    public synchronized int size() {
        return (int) plans.values().stream().filter(k -> k.plan() != null).count();
    }

    private RedisWrite catalogWrite(String region) {
        CatalogDocument doc = catalog(region);
        return RedisWrite.set(KeyType.CATALOG, CacheKeys.catalog(region), doc.version(), Projection.toJson(doc));
    }
}
