package io.treebeard.schemas.cache;

import java.util.Objects;

/**
 * Redis key names. Every key that an operation touches together with another carries the same hash tag
 * ({@code {id}}), so the scheme works unchanged on Redis Cluster.
 *
 * <pre>
 * tb:rec:{user_id}                 hash  v = document version, d = document JSON   (RECOMMENDATION)
 * tb:profile:{user_id}             hash  v = source LSN,       d = profile JSON    (PROFILE)
 * tb:usage:{user_id}               hash  v = analysis version, d = analysis JSON   (USAGE_ANALYSIS)
 * tb:plan:{plan_id}                hash  v = source LSN,       d = plan JSON       (PLAN)
 * tb:catalog:{region}              hash  v = catalog version,  d = catalog JSON    (CATALOG, the served one),
 *                                        p = plans-topic position it was computed at, h = content hash
 * tb:hot:{type}                    zset  member = id, score = recent reads     (written by query-api)
 * tb:stats:{type}                  hash  hits, misses: read outcomes per type  (written by query-api)
 * tb:meta:generation               string, set once per cache lifetime; absent = the cache was lost
 * &lt;key&gt;:lease                      string, SET NX PX by the reader that loads a missed key (stampede lease)
 * </pre>
 *
 * <p>A value hash is written only through the scripts of {@link CacheScripts}, so a reader reads it with one
 * {@code HGET key d}: the bytes are the ready-to-serve JSON body. A hash with {@code v} but no {@code d} is a delete
 * marker: the value was deleted at version {@code v}; readers treat it as absent. A whole regional catalog is written as one hash in
 * one script call, so a reader never sees a half-built catalog; its version changes only when a change touches that
 * region.
 */
public final class CacheKeys {

    /** Prefix of every TreeBeard key; {@code SCAN MATCH tb:*} finds them all. */
    public static final String PREFIX = "tb:";
    /** Hash field holding the version guarding the value. */
    public static final String FIELD_VERSION = "v";
    /** Hash field holding the ready-to-serve JSON bytes; absent in a delete marker. */
    public static final String FIELD_DATA = "d";
    /** Hash field of a catalog: the position of {@code treebeard.plans} it was computed at. */
    public static final String FIELD_POSITION = "p";
    /** Hash field of a catalog: the hash of its content without the version. */
    public static final String FIELD_CONTENT_HASH = "h";
    /** Marker key: present while the cache holds what the projector wrote; its absence means the cache was lost. */
    public static final String GENERATION = PREFIX + "meta:generation";
    /** Field of {@link #stats} counting cache hits. */
    public static final String FIELD_HITS = "hits";
    /** Field of {@link #stats} counting cache misses. */
    public static final String FIELD_MISSES = "misses";
    /** Suffix of a stampede lease key (same hash tag as the key it guards). */
    public static final String LEASE_SUFFIX = ":lease";
    /**
     * The version a reader uses when it back-fills a value loaded from PostgreSQL without a source version
     * ({@link CacheScripts#FILL_IF_ABSENT}): lower than any projected version, so any projected event overwrites it.
     */
    public static final long BACKFILL_VERSION = 0L;

    private CacheKeys() {
    }

    /** The key of one value: {@code tb:<type>:{id}}. */
    public static String key(KeyType type, String id) {
        Objects.requireNonNull(id, "id");
        return PREFIX + type.segment() + ":{" + id + "}";
    }

    public static String recommendation(String userId) {
        return key(KeyType.RECOMMENDATION, userId);
    }

    public static String profile(String userId) {
        return key(KeyType.PROFILE, userId);
    }

    public static String usageAnalysis(String userId) {
        return key(KeyType.USAGE_ANALYSIS, userId);
    }

    public static String plan(String planId) {
        return key(KeyType.PLAN, planId);
    }

    public static String catalog(String region) {
        return key(KeyType.CATALOG, region);
    }

    /** The sorted set of read counts per id of one type, used to rebuild the hottest keys first. */
    public static String hotness(KeyType type) {
        return PREFIX + "hot:" + type.segment();
    }

    /** The hash of read outcomes of one type: fields {@link #FIELD_HITS} and {@link #FIELD_MISSES}. */
    public static String stats(KeyType type) {
        return PREFIX + "stats:" + type.segment();
    }

    /** The stampede lease of a key; it shares the key's hash tag. */
    public static String lease(String key) {
        return key + LEASE_SUFFIX;
    }

    /** The id inside a key built by {@link #key}, or null when the key is not a value key of that type. */
    public static String idOf(KeyType type, String key) {
        String head = PREFIX + type.segment() + ":{";
        if (!key.startsWith(head) || !key.endsWith("}")) {
            return null;
        }
        return key.substring(head.length(), key.length() - 1);
    }
}
