package io.treebeard.schemas.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/** The identifier rule of contract section 1, shared by {@code plan_id}, {@code user_id} and region codes. */
public final class Identifiers {

    /** The longest valid identifier. */
    public static final int MAX_LENGTH = InputBounds.MAX_ID_CHARS;

    /** Why a value is not an identifier, as reported in a {@link FieldError}. */
    public static final String REASON = "must be 1 to " + MAX_LENGTH + " characters of A-Z a-z 0-9 _ . : -";

    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_LENGTH + "}");

    private Identifiers() {
    }

    /** True when {@code value} is 1 to 64 characters of {@code A-Z a-z 0-9 _ . : -}; false for null. */
    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    /** An error for {@code field} when {@code value} is not a valid identifier, e.g. for a malformed path id. */
    public static Optional<FieldError> check(String field, String value) {
        return isValid(value) ? Optional.empty() : Optional.of(new FieldError(field, REASON));
    }
}
