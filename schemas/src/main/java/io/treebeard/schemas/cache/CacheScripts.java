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
     * Version-guarded delete. {@code KEYS[1]} = value key; {@code ARGV[1]} = the version of the deletion. Deletes the
     * key unless it holds a newer version; returns 1 when deleted, 0 when absent, -1 when a newer value was kept.
     */
    public static final String VERSIONED_DELETE = load("versioned-delete.lua");

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
