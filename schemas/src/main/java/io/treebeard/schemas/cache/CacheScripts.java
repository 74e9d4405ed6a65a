package io.treebeard.schemas.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lua scripts of the cache contract, loaded from {@code /redis/*.lua} on the classpath. */
public final class CacheScripts {

    /**
     * Atomic compare-and-set on the version. {@code KEYS[1]} = value key; {@code ARGV[1]} = version (decimal integer),
     * {@code ARGV[2]} = JSON bytes, {@code ARGV[3]} = TTL in milliseconds. Writes {@code v} and {@code d} and sets the
     * TTL when the stored version is absent or lower, and returns 1. An equal version only refreshes the TTL and
     * returns 0; an older one changes nothing and returns -1.
     */
    public static final String VERSIONED_SET = load("versioned-set.lua");

    /**
     * {@link #VERSIONED_SET} for many keys in one call, for bulk writes (cache rebuild): fewer script invocations,
     * round trips and replies per key. {@code KEYS} = the value keys; {@code ARGV[1]} = TTL in milliseconds (shared by
     * the call, so a call holds values of one key type), then one pair per key: {@code ARGV[2i]} = version of
     * {@code KEYS[i]}, {@code ARGV[2i+1]} = its JSON bytes. Each key gets exactly the semantics of
     * {@link #VERSIONED_SET}, applied in {@code KEYS} order; returns an array with one outcome per key in that order
     * (1 written, 0 equal version and TTL refreshed, -1 older and unchanged), an error when the argument count does
     * not match. On Redis Cluster all keys of a call must hash to one slot (see {@code CacheKeys}: the id is the hash
     * tag); a standalone server accepts any keys.
     */
    public static final String VERSIONED_MSET = load("versioned-mset.lua");

    /**
     * Version-guarded delete that leaves a marker. {@code KEYS[1]} = value key; {@code ARGV[1]} = the version of the
     * deletion, or an empty string for a deletion without one (a Kafka tombstone: the stored version is kept);
     * {@code ARGV[2]} = TTL of the marker in milliseconds. Unless the key holds a newer version, the hash keeps only
     * {@code v} and loses {@code d}: readers see no value, {@link #FILL_IF_ABSENT} finds the key and does not revive it,
     * and an older replayed set loses to the marker's version. Returns 1 when the marker was written, -1 when a newer
     * value was kept.
     */
    public static final String VERSIONED_DELETE = load("versioned-delete.lua");

    /**
     * The read path's back-fill. {@code KEYS[1]} = value key; {@code ARGV[1]} = version, {@code ARGV[2]} = JSON bytes,
     * {@code ARGV[3]} = TTL in milliseconds. Fills only a key that does not exist at all (no value, no delete marker), so
     * what a reader loaded from PostgreSQL a moment before a delete cannot come back after it. Returns 1 when filled,
     * 0 when the key existed.
     */
    public static final String FILL_IF_ABSENT = load("fill-if-absent.lua");

    /**
     * Position-guarded write of a regional catalog. {@code KEYS[1]} = catalog key; {@code ARGV[1]} = version (the sum
     * of the position's offsets), {@code ARGV[2]} = position (the writer's next offset per partition of
     * {@code treebeard.plans}, comma-separated in partition order), {@code ARGV[3]} = content hash (the catalog without
     * its version), {@code ARGV[4]} = JSON bytes, {@code ARGV[5]} = TTL in milliseconds. Lands only when the position
     * dominates the stored one; with the same content it only moves the position and refreshes the TTL (returns 0),
     * with new content it writes {@code v, d, h, p} (returns 1) when the version is higher; otherwise -1.
     */
    public static final String CATALOG_SET = load("catalog-set.lua");

    private CacheScripts() {
    }

    private static String load(String name) {
        try (InputStream in = CacheScripts.class.getResourceAsStream("/redis/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource /redis/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /redis/" + name, e);
        }
    }
}
