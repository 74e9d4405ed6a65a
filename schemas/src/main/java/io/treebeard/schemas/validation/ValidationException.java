package io.treebeard.schemas.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link ValidationResult#orElseThrow()}: an input broke at least one rule; a write API answers 422. */
public final class ValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    /** An exception listing {@code errors}, which must not be empty. */
    public ValidationException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ", "Invalid input: ", "")));
        this.errors = List.copyOf(errors);
    }

    /** Every broken rule. */
    public List<FieldError> errors() {
        return errors;
    }
}
