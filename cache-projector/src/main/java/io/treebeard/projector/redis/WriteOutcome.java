package io.treebeard.projector.redis;

import java.util.Locale;

/** What the version guard did with one write; the lowercase name is the {@code outcome} metric label. */
public enum WriteOutcome {
    /** Stored (newer version, or no value before). */
    WRITTEN,
    /** Dropped: the stored version was equal (TTL refreshed) or newer. */
    REJECTED,
    /** Deleted (or was already absent). */
    DELETED;

    /** The metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
