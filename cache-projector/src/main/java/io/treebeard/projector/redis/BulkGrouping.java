package io.treebeard.projector.redis;

/**
 * How {@link RedisCache} groups the version-guarded sets of a bulk write into {@code VERSIONED_MSET} calls. A call
 * holds values of one key type (they share a TTL) and at most the configured batch size of keys.
 */
public enum BulkGrouping {
    /**
     * Any keys together: for a standalone server, where a script may touch keys of every slot. The rebuild's chunks
     * then become a few large calls, which is what makes the batched script pay off.
     */
    ACROSS_SLOTS,
    /**
     * Only keys of the same hash slot together: the Redis Cluster rule for a script's keys. With a million users over
     * 16,384 slots a rebuild chunk of thousands of keys has about one key per slot, so on a cluster this is close to
     * one script call per key (a single-key group uses {@code VERSIONED_SET}).
     */
    BY_SLOT
}
