package io.treebeard.service.web;

/**
 * One entry of a problem's {@code errors}: the field (or parameter, or header) at fault and why; {@code index} is the
 * 0-based row of a batch, null when the error is not about a row.
 */
public record ProblemError(String field, String reason, Integer index) {

    /** An error about a field, parameter or header. */
    public static ProblemError of(String field, String reason) {
        return new ProblemError(field, reason, null);
    }
}
