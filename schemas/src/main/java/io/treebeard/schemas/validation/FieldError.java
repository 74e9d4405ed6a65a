package io.treebeard.schemas.validation;

import java.util.Objects;

/**
 * One broken rule of a validated input.
 *
 * @param field  a JSON-path-like name of the offending field, e.g. {@code rate_structure.energy.tiers[1].up_to_kwh};
 *               {@value #ROOT} when the input as a whole is wrong (e.g. not an object)
 * @param reason a short human-readable reason, e.g. {@code must be >= 0}
 */
public record FieldError(String field, String reason) {

    /** The field name used when the validated value itself, rather than one of its members, is wrong. */
    public static final String ROOT = "$";

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
