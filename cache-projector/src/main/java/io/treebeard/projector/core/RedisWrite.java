package io.treebeard.projector.core;

import io.treebeard.schemas.cache.KeyType;
import java.util.Objects;

/**
 * One write to Redis decided by the projection. Executed by {@link io.treebeard.projector.redis.RedisCache}.
 *
 * @param op       what to do
 * @param type     the kind of value (chooses the TTL and the metric label)
 * @param key      the value key ({@link io.treebeard.schemas.cache.CacheKeys})
 * @param version  the source version guarding the write; unused for {@link Op#DELETE}
 * @param data     the ready-to-serve JSON bytes for {@link Op#SET} and {@link Op#CATALOG}, else null
 * @param position for {@link Op#CATALOG}: the plans-topic position the catalog was computed at, else null
 * @param hash     for {@link Op#CATALOG}: the hash of the catalog's content without its version, else null
 */
public record RedisWrite(Op op, KeyType type, String key, long version, byte[] data, String position, String hash) {

    /** The kinds of write. */
    public enum Op {
        /** {@code VERSIONED_SET}: write when newer, refresh the TTL when equal, ignore when older. */
        SET,
        /** {@code VERSIONED_DELETE}: leave a delete marker at this version unless a newer value is stored. */
        DELETE_VERSIONED,
        /** {@code VERSIONED_DELETE} without a version: a Kafka tombstone leaves a marker keeping the stored version. */
        DELETE,
        /** {@code CATALOG_SET}: a regional catalog, guarded by the position it was computed at. */
        CATALOG
    }

    public RedisWrite {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        if (op == Op.SET || op == Op.CATALOG) {
            Objects.requireNonNull(data, "data");
        }
        if (op == Op.CATALOG) {
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(hash, "hash");
        }
    }

    /** A version-guarded set. */
    public static RedisWrite set(KeyType type, String key, long version, byte[] data) {
        return new RedisWrite(Op.SET, type, key, version, data, null, null);
    }

    /** A version-guarded delete. */
    public static RedisWrite deleteVersioned(KeyType type, String key, long version) {
        return new RedisWrite(Op.DELETE_VERSIONED, type, key, version, null, null, null);
    }

    /** A delete without a version (tombstone). */
    public static RedisWrite delete(KeyType type, String key) {
        return new RedisWrite(Op.DELETE, type, key, 0L, null, null, null);
    }

    /** A position-guarded catalog write. */
    public static RedisWrite catalog(String key, long version, String position, String hash, byte[] data) {
        return new RedisWrite(Op.CATALOG, KeyType.CATALOG, key, version, data, position, hash);
    }
}
