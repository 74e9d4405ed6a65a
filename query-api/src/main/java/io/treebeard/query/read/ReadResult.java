package io.treebeard.query.read;

import java.util.Objects;

/**
 * A ready-to-serve JSON body and how it was obtained.
 *
 * @param body        the JSON bytes, served as they are
 * @param cacheStatus where they came from
 */
public record ReadResult(byte[] body, CacheStatus cacheStatus) {

    public ReadResult {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(cacheStatus, "cacheStatus");
    }
}
