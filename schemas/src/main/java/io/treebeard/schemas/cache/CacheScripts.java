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
