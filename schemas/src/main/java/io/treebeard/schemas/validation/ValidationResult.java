package io.treebeard.schemas.validation;

import java.util.List;

/**
 * The outcome of a validation: either a value or a non-empty list of errors, never both. Immutable.
 *
 * @param value  the validated value; null exactly when {@code errors} is not empty
 * @param errors every rule the input broke, in the order the validator checked them; empty when valid
 * @param <T>    the type of the validated value
 */
public record ValidationResult<T>(T value, List<FieldError> errors) {

    public ValidationResult {
        errors = List.copyOf(errors);
        if (errors.isEmpty() == (value == null)) {
            throw new IllegalArgumentException("A validation result has either a value or errors");
        }
    }

    /** A successful result. */
    public static <T> ValidationResult<T> valid(T value) {
        return new ValidationResult<>(value, List.of());
    }

    /** A failed result; {@code errors} must not be empty. */
    public static <T> ValidationResult<T> invalid(List<FieldError> errors) {
        return new ValidationResult<>(null, errors);
    }

    /** True when the input broke no rule. */
    public boolean isValid() {
        return errors.isEmpty();
    }

    /** The value, or a {@link ValidationException} carrying every error. */
    public T orElseThrow() {
        if (!isValid()) {
            throw new ValidationException(errors);
        }
        return value;
    }
}
