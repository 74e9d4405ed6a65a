package io.treebeard.projector.core;

/** PostgreSQL did not take the read-model writes. Transient: the batch is retried, never skipped. */
public final class ReadModelUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The read model failed with {@code cause}. */
    public ReadModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
