package io.treebeard.stack;

/** A local-stack server could not be started, reached or stopped. */
public final class StackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with its cause. */
    public StackException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure without an underlying exception. */
    public StackException(String message) {
        super(message);
    }
}
