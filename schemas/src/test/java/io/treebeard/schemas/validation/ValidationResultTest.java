package io.treebeard.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationResultTest {

    @Test
    void validResultHasTheValueAndNoErrors() {
        ValidationResult<String> result = ValidationResult.valid("x");

        assertThat(result.isValid()).isTrue();
        assertThat(result.errors()).isEmpty();
        assertThat(result.orElseThrow()).isEqualTo("x");
    }

    @Test
    void invalidResultThrowsEveryErrorOnDemand() {
        ValidationResult<String> result =
                ValidationResult.invalid(List.of(new FieldError("a", "is required"), new FieldError("b", "unknown field")));

        assertThat(result.isValid()).isFalse();
        assertThat(result.value()).isNull();
        assertThatThrownBy(result::orElseThrow)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).hasSize(2))
                .hasMessage("Invalid input: a: is required; b: unknown field");
    }

    @Test
    void errorsAreACopyThatCannotChange() {
        List<FieldError> errors = new ArrayList<>(List.of(new FieldError("a", "is required")));
        ValidationResult<String> result = ValidationResult.invalid(errors);
        errors.clear();

        assertThat(result.errors()).hasSize(1);
        assertThatThrownBy(() -> result.errors().add(new FieldError("b", "x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aResultHasEitherAValueOrErrors() {
        assertThatThrownBy(() -> ValidationResult.invalid(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValidationResult<>("x", List.of(new FieldError("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
