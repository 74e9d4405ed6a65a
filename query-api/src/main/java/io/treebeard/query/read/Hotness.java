package io.treebeard.query.read;

import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Read counts per key for the projector (which rebuilds the hottest keys first), counted in memory on the hot path
 * (one map lookup and a LongAdder increment) and flushed asynchronously by {@link #flush(RedisCache)}: ZINCRBY on
 * {@code tb:hot:<type>} per id and HINCRBY hits/misses on {@code tb:stats:<type>}.
 */
public final class Hotness {

    /** Distinct ids counted per type between two flushes; reads of further ids in that interval are not counted. */
    static final int MAX_IDS_PER_FLUSH = 10_000;

    private final Map<KeyType, Counts> counts = new EnumMap<>(KeyType.class);

    /** Empty counts for every type. */
    public Hotness() {
        for (KeyType type : KeyType.values()) {
            counts.put(type, new Counts());
        }
    }

    /** Counts one read of {@code id}, served from the cache ({@code hit}) or not. */
    public void record(KeyType type, String id, boolean hit) {
        Counts c = counts.get(type);
        (hit ? c.hits : c.misses).increment();
        LongAdder adder = c.reads.get(id);
        if (adder == null) {
            if (c.reads.size() >= MAX_IDS_PER_FLUSH) {
                return;
            }
            adder = c.reads.computeIfAbsent(id, k -> new LongAdder());
        }
        adder.increment();
    }

    /** Takes the counts gathered since the last call, per type; ids with no read are left out. */
    public Map<KeyType, Snapshot> drain() {
        Map<KeyType, Snapshot> out = new EnumMap<>(KeyType.class);
        for (Map.Entry<KeyType, Counts> e : counts.entrySet()) {
            Counts c = e.getValue();
            Map<String, Long> byId = new HashMap<>();
            for (String id : c.reads.keySet()) {
                LongAdder adder = c.reads.remove(id);
                if (adder != null) {
                    byId.put(id, adder.sum());
                }
            }
            long hits = c.hits.sumThenReset();
            long misses = c.misses.sumThenReset();
            if (!byId.isEmpty() || hits > 0 || misses > 0) {
                out.put(e.getKey(), new Snapshot(byId, hits, misses));
            }
        }
        return out;
    }

    /** Drains and writes the counts to Redis; counts are dropped when Redis does not answer (they are advisory). */
    public void flush(RedisCache cache) {
        for (Map.Entry<KeyType, Snapshot> e : drain().entrySet()) {
            Snapshot s = e.getValue();
            cache.addReads(CacheKeys.hotness(e.getKey()), s.readsById(), CacheKeys.stats(e.getKey()), s.hits(), s.misses());
        }
    }

    /**
     * Counts of one type.
     *
     * @param readsById reads per id
     * @param hits      reads served from the cache
     * @param misses    reads that were not
     */
    public record Snapshot(Map<String, Long> readsById, long hits, long misses) {
    }

    private static final class Counts {
        private final ConcurrentHashMap<String, LongAdder> reads = new ConcurrentHashMap<>();
        private final LongAdder hits = new LongAdder();
        private final LongAdder misses = new LongAdder();
    }
}
