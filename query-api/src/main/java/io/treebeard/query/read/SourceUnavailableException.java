package io.treebeard.query.read;

/** The database could not answer a read that the cache could not serve (503 with Retry-After). */
public final class SourceUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Wraps the database failure. */
    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
