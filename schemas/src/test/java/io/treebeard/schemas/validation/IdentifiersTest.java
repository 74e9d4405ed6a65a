package io.treebeard.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"u-1", "p_9", "TX-NORTH", "a.b:c", "Z", "0123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsOneToSixtyFourAllowedCharacters(String id) {
        assertThat(Identifiers.isValid(id)).isTrue();
        assertThat(Identifiers.check("user_id", id)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"u 1", "u/1", "ü", "u#1", "u-1\n", "01234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsEmptyTooLongOrOtherCharacters(String id) {
        assertThat(Identifiers.isValid(id)).isFalse();
        assertThat(Identifiers.check("user_id", id)).contains(new FieldError("user_id", Identifiers.REASON));
    }

    @Test
    void reasonNamesTheAllowedCharacters() {
        assertThat(Identifiers.REASON).contains("1 to 64").contains("A-Z a-z 0-9 _ . : -");
    }
}
