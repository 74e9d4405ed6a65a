package io.treebeard.projector.core;

/** A record that can never be projected (bad payload, key mismatch, missing version): it goes to the dead-letter topic. */
public final class PoisonRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A poison record with the reason, naming the offending field where known. */
    public PoisonRecordException(String reason) {
        super(reason);
    }

    /** A poison record whose parsing failed. */
    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
