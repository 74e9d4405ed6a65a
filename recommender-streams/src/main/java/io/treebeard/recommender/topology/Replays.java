package io.treebeard.recommender.topology;

import io.treebeard.schemas.event.SourcePosition;

/**
 * The replay guard every processor applies per key: the capture publishes at least once, so a change whose LSN is
 * not after the last one applied to its key is a duplicate. A change without a source position (not produced by the
 * capture) is applied and does not move the key's LSN, so it cannot block later changes.
 */
final class Replays {

    /** The LSN of a key that has seen no change yet. */
    static final long NONE = -1L;

    private Replays() {
    }

    /** True when {@code source} was already applied to a key whose last applied LSN is {@code lastApplied}. */
    static boolean isReplay(SourcePosition source, long lastApplied) {
        return source != null && source.lsn() <= lastApplied;
    }

    /** The key's last applied LSN after applying a change at {@code source}. */
    static long after(SourcePosition source, long lastApplied) {
        return source == null ? lastApplied : Math.max(source.lsn(), lastApplied);
    }
}
