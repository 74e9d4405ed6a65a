package io.treebeard.query.web;

/** A malformed path id, query parameter or header: 400 naming it. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    /** {@code parameter} is malformed for {@code reason}. */
    public BadRequestException(String parameter, String reason) {
        super(parameter + ": " + reason, null, false, false);
        this.parameter = parameter;
    }

    /** The name of the malformed parameter. */
    public String parameter() {
        return parameter;
    }
}
