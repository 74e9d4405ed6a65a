package io.treebeard.schemas.validation;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** Test helper: short spellings of expected errors and parameterized cases. */
final class ValidationCases {

    private ValidationCases() {
    }

    /** Errors from alternating field and reason strings. */
    static List<FieldError> errors(String... fieldsAndReasons) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < fieldsAndReasons.length; i += 2) {
            errors.add(new FieldError(fieldsAndReasons[i], fieldsAndReasons[i + 1]));
        }
        return errors;
    }

    /** A case: a JSON document (single quotes allowed) and the errors it must produce. */
    static Arguments invalid(String json, String... fieldsAndReasons) {
        return Arguments.of(json, errors(fieldsAndReasons));
    }
}
