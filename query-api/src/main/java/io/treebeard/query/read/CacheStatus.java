package io.treebeard.query.read;

/** How a data response was served: the value of the {@code X-Cache-Status} header. */
public enum CacheStatus {
    /** Served from the stored cache bytes. */
    HIT,
    /** Not in the cache: loaded from PostgreSQL (and back-filled when it is a stored value). */
    MISS,
    /** The cache is unavailable (circuit open or Redis failing): served from PostgreSQL. */
    BYPASS
}
