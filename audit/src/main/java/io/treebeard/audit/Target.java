package io.treebeard.audit;

import java.util.Locale;

/** Where a served document is read from. */
public enum Target {
    /** The cache: {@code HGETALL} of the document's key. */
    REDIS,
    /** The recommendations read model in PostgreSQL, which the read API serves when Redis misses. */
    READ_MODEL,
    /** The read API (contract section 5). */
    API;

    /** The name in reports, metrics ({@code target=redis}) and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
