package io.treebeard.projector.core;

import io.treebeard.schemas.cache.KeyType;
import java.util.Objects;

/**
 * One write to Redis decided by the projection. Executed by {@link io.treebeard.projector.redis.CacheWriter}.
 *
 * @param op      what to do
 * @param type    the kind of value (chooses the TTL and the metric label)
 * @param key     the value key ({@link io.treebeard.schemas.cache.CacheKeys})
 * @param version the source version guarding the write; unused for {@link Op#DELETE}
 * @param data    the ready-to-serve JSON bytes for {@link Op#SET}, else null
 */
public record RedisWrite(Op op, KeyType type, String key, long version, byte[] data) {

    /** The kinds of write. */
    public enum Op {
        /** {@code VERSIONED_SET}: write when newer, refresh the TTL when equal, ignore when older. */
        SET,
        /** {@code VERSIONED_DELETE}: delete unless a newer value is stored. */
        DELETE_VERSIONED,
        /** Plain {@code DEL}: a Kafka tombstone carries no version, so it deletes whatever is stored. */
        DELETE
    }

    public RedisWrite {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        if (op == Op.SET) {
            Objects.requireNonNull(data, "data");
        }
    }

    /** A version-guarded set. */
    public static RedisWrite set(KeyType type, String key, long version, byte[] data) {
        return new RedisWrite(Op.SET, type, key, version, data);
    }

    /** A version-guarded delete. */
    public static RedisWrite deleteVersioned(KeyType type, String key, long version) {
        return new RedisWrite(Op.DELETE_VERSIONED, type, key, version, null);
    }

    /** An unconditional delete (tombstone). */
    public static RedisWrite delete(KeyType type, String key) {
        return new RedisWrite(Op.DELETE, type, key, 0L, null);
    }
}
