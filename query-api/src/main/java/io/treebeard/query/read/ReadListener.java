package io.treebeard.query.read;

import io.treebeard.schemas.cache.KeyType;

/** Told how each read was served (metrics). */
public interface ReadListener {

    /** One read of {@code type} was answered with {@code status} (not-found answers included). */
    void onRead(KeyType type, CacheStatus status);

    /** Does nothing. */
    ReadListener NONE = (type, status) -> { };
}
