package io.treebeard.projector.redis;

/** Redis did not answer (down, restarting, timed out). Transient: the batch is retried, never skipped. */
public final class CacheUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Redis failed with {@code cause}. */
    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
