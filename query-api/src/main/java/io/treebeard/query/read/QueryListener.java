package io.treebeard.query.read;

/** Told about every database statement of the fallback (metrics). */
@FunctionalInterface
public interface QueryListener {

    /** A statement ran (or failed after {@code nanos}). */
    void onQuery(SourceQuery query, long nanos, boolean ok);

    /** No pooled connection came within the pool's timeout. */
    default void onPoolTimeout() {
    }

    /** Does nothing. */
    QueryListener NONE = (query, nanos, ok) -> { };
}
