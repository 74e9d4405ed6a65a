package io.treebeard.query.read;

/** The requested resource does not exist (404). */
public final class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A miss whose database lookup found nothing; {@code message} says what. */
    public NotFoundException(String message) {
        super(message, null, false, false);
    }
}
