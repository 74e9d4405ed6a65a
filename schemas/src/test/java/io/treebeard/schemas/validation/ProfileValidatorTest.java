package io.treebeard.schemas.validation;

import static io.treebeard.schemas.TestJson.tree;
import static io.treebeard.schemas.validation.ValidationCases.errors;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.model.Preferences;
import io.treebeard.schemas.model.UserProfile;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void buildsTheProfileWithTheIdFromThePath() {
        UserProfile profile = ProfileValidator.parse("u-1", tree("""
                {'region': 'TX-NORTH', 'current_plan_id': 'p-9', 'contract_end_date': '2027-03-31',
                 'preferences': {'min_renewable_pct': 50, 'top_n': 3}}"""), NOW).orElseThrow();

        assertThat(profile).isEqualTo(new UserProfile("u-1", "TX-NORTH", "p-9", LocalDate.of(2027, 3, 31),
                new Preferences(50.0, null, 3), NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'region': 'TX'}",
        "{'region': 'TX', 'current_plan_id': null, 'contract_end_date': null, 'preferences': null}",
        "{'region': 'TX', 'preferences': {}}"})
    void optionalColumnsMayBeAbsentOrNull(String json) {
        assertThat(ProfileValidator.parse("u-1", tree(json), NOW).orElseThrow())
                .isEqualTo(new UserProfile("u-1", "TX", null, null, Preferences.NONE, NOW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void reportsEachBrokenRuleWithItsField(String json, String field, String reason) {
        assertThat(ProfileValidator.parse("u-1", tree(json), NOW).errors()).containsExactly(new FieldError(field, reason));
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                Arguments.of("{}", "region", "is required"),
                Arguments.of("{'region': null}", "region", "is required"),
                Arguments.of("{'region': 'TX NORTH'}", "region", Identifiers.REASON),
                Arguments.of("{'region': 5}", "region", Identifiers.REASON),
                Arguments.of("{'region': 'TX', 'current_plan_id': ''}", "current_plan_id", Identifiers.REASON),
                Arguments.of("{'region': 'TX', 'contract_end_date': '2027-3-31'}", "contract_end_date", "must be a date yyyy-MM-dd"),
                Arguments.of("{'region': 'TX', 'contract_end_date': '2027-03-31T00:00:00Z'}",
                        "contract_end_date", "must be a date yyyy-MM-dd"),
                Arguments.of("{'region': 'TX', 'contract_end_date': 20270331}", "contract_end_date", "must be a date yyyy-MM-dd"),
                Arguments.of("{'region': 'TX', 'contract_end_date': '2027-02-30'}", "contract_end_date", "must be a valid date yyyy-MM-dd"),
                Arguments.of("{'region': 'TX', 'preferences': []}", "preferences", "must be an object"),
                Arguments.of("{'region': 'TX', 'preferences': {'top_n': 0}}", "preferences.top_n", "must be between 1 and 20"),
                Arguments.of("{'region': 'TX', 'preferences': {'lang': 'en'}}", "preferences.lang", "unknown field"),
                Arguments.of("{'region': 'TX', 'user_id': 'u-1'}",
                        "user_id", "must not be in the body: the user id is taken from the path"),
                Arguments.of("{'region': 'TX', 'updated_at': null}", "updated_at", "must not be in the body: it is set by the server"),
                Arguments.of("{'region': 'TX', 'email': 'a@b'}", "email", "unknown field"),
                Arguments.of("'TX'", "$", "must be an object"));
    }

    @Test
    void rejectsAMalformedUserIdFromThePath() {
        assertThat(ProfileValidator.parse("u:1/2", tree("{'region': 'TX'}"), NOW).errors())
                .containsExactly(new FieldError("user_id", Identifiers.REASON));
    }

    @Test
    void reportsAllErrorsTogether() {
        assertThat(ProfileValidator.parse("", tree("""
                {'current_plan_id': 'p 9', 'contract_end_date': 'soon',
                 'preferences': {'top_n': 99, 'max_contract_months': -1}, 'x': 1}"""),
                NOW).errors()).containsExactlyInAnyOrderElementsOf(errors(
                        "user_id", Identifiers.REASON,
                        "x", "unknown field",
                        "region", "is required",
                        "current_plan_id", Identifiers.REASON,
                        "contract_end_date", "must be a date yyyy-MM-dd",
                        "preferences.max_contract_months", "must be an integer >= 0",
                        "preferences.top_n", "must be between 1 and 20"));
    }
}
