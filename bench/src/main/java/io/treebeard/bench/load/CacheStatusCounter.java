package io.treebeard.bench.load;

import java.util.concurrent.atomic.LongAdder;

/** Counts the {@code X-Cache-Status} answers of the read API. */
public final class CacheStatusCounter {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder bypasses = new LongAdder();

    void count(String status) {
        switch (status) {
            case "HIT" -> hits.increment();
            case "MISS" -> misses.increment();
            case "BYPASS" -> bypasses.increment();
            default -> {
                // another value is not a cache outcome
            }
        }
    }

    /** Counts so far: hits, misses, bypasses. */
    public long[] snapshot() {
        return new long[] {hits.sum(), misses.sum(), bypasses.sum()};
    }

    /** The hit rate between two snapshots, hits / (hits + misses + bypasses); NaN without answers. */
    public static double hitRate(long[] from, long[] to) {
        long h = to[0] - from[0];
        long all = h + (to[1] - from[1]) + (to[2] - from[2]);
        return all == 0 ? Double.NaN : (double) h / all;
    }
}
