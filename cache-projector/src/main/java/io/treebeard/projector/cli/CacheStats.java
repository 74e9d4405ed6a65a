package io.treebeard.projector.cli;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import io.treebeard.schemas.cache.CacheKeys;
import io.treebeard.schemas.cache.KeyType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code warm --mode stats}: per key type, the key count ({@code SCAN}), memory ({@code MEMORY USAGE} of a sample,
 * extrapolated), hits and misses recorded by the query API and the hit rate, and the TTL distribution of a sample.
 */
public final class CacheStats {

    /** Keys sampled per type for memory and TTL. */
    public static final int SAMPLE = 1000;

    /** Upper bounds of the TTL buckets, in milliseconds, with their labels. */
    static final Map<String, Long> TTL_BUCKETS = buckets();

    private final RedisCommands<String, String> redis;

    /** Stats read through {@code redis}. */
    public CacheStats(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    /** One type's figures. */
    public record TypeStats(KeyType type, long keys, long memoryBytes, long hits, long misses, Map<String, Long> ttl) {

        /** hits / (hits + misses), or NaN without reads. */
        public double hitRate() {
            long reads = hits + misses;
            return reads == 0 ? Double.NaN : (double) hits / reads;
        }
    }

    /** Collects the figures of every type. */
    public List<TypeStats> collect() {
        List<TypeStats> all = new ArrayList<>();
        for (KeyType type : KeyType.values()) {
            all.add(collect(type));
        }
        return all;
    }

    TypeStats collect(KeyType type) {
        long keys = 0;
        List<String> sample = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(CacheKeys.PREFIX + type.segment() + ":*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, match);
            for (String key : page.getKeys()) {
                if (key.endsWith(CacheKeys.LEASE_SUFFIX)) {
                    continue;
                }
                keys++;
                if (sample.size() < SAMPLE) {
                    sample.add(key);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        long sampledBytes = 0;
        Map<String, Long> ttl = new LinkedHashMap<>();
        TTL_BUCKETS.keySet().forEach(label -> ttl.put(label, 0L));
        for (String key : sample) {
            Long bytes = redis.memoryUsage(key);
            sampledBytes += bytes == null ? 0 : bytes;
            ttl.merge(bucket(redis.pttl(key)), 1L, Long::sum);
        }
        long memory = sample.isEmpty() ? 0 : Math.round((double) sampledBytes / sample.size() * keys);
        Map<String, String> counters = redis.hgetall(CacheKeys.stats(type));
        return new TypeStats(type, keys, memory, number(counters.get(CacheKeys.FIELD_HITS)), number(counters.get(CacheKeys.FIELD_MISSES)),
                ttl);
    }

    /** The label of the bucket of a {@code PTTL} reply (-1 = no TTL, -2 = gone meanwhile). */
    static String bucket(Long pttl) {
        if (pttl == null || pttl == -2) {
            return "gone";
        }
        if (pttl == -1) {
            return "no ttl";
        }
        for (Map.Entry<String, Long> e : TTL_BUCKETS.entrySet()) {
            if (e.getValue() != null && pttl < e.getValue()) {
                return e.getKey();
            }
        }
        return ">=7d";
    }

    /** Prints the figures as a table. */
    public static void print(List<TypeStats> stats, PrintStream out) {
        out.printf(Locale.ROOT, "%-8s %10s %12s %10s %10s %8s  %s%n", "type", "keys", "memory", "hits", "misses", "hit%", "ttl (sample)");
        for (TypeStats s : stats) {
            StringBuilder ttl = new StringBuilder();
            s.ttl().forEach((label, n) -> {
                if (n > 0) {
                    ttl.append(label).append('=').append(n).append(' ');
                }
            });
            String rate = Double.isNaN(s.hitRate()) ? "-" : String.format(Locale.ROOT, "%.2f", s.hitRate() * 100);
            out.printf(Locale.ROOT, "%-8s %10d %12s %10d %10d %8s  %s%n", s.type().segment(), s.keys(), human(s.memoryBytes()), s.hits(),
                    s.misses(), rate, ttl.toString().trim());
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    private static Map<String, Long> buckets() {
        Map<String, Long> b = new LinkedHashMap<>();
        b.put("<1m", 60_000L);
        b.put("<10m", 600_000L);
        b.put("<1h", 3_600_000L);
        b.put("<6h", 21_600_000L);
        b.put("<24h", 86_400_000L);
        b.put("<7d", 604_800_000L);
        b.put(">=7d", null);
        b.put("no ttl", null);
        b.put("gone", null);
        return java.util.Collections.unmodifiableMap(b);
    }
}
