package io.treebeard.ingest.api;

import org.springframework.http.HttpStatus;

/** A request the API refuses as a whole: malformed (400), too large (413). Nothing has been written. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String field;

    /** A refusal with {@code status}, naming {@code field} (may be null) and why. */
    public BadRequestException(HttpStatus status, String field, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    /** The HTTP status. */
    public HttpStatus status() {
        return status;
    }

    /** The field or part of the request at fault, or null. */
    public String field() {
        return field;
    }
}
