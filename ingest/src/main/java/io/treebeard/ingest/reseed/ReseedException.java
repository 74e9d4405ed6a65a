package io.treebeard.ingest.reseed;

/** A reseed could not finish; what it published so far is harmless and a rerun supersedes it. */
public final class ReseedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ReseedException(String message, Throwable cause) {
        super(message, cause);
    }
}
