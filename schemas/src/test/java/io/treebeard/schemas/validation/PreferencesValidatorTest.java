package io.treebeard.schemas.validation;

import static io.treebeard.schemas.TestJson.tree;
import static io.treebeard.schemas.validation.ValidationCases.errors;
import static io.treebeard.schemas.validation.ValidationCases.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.model.Preferences;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PreferencesValidatorTest {

    private static final String P = "preferences";

    @Test
    void anEmptyObjectMeansNoPreferences() {
        assertThat(PreferencesValidator.parse(tree("{}"), P).orElseThrow()).isEqualTo(Preferences.NONE);
    }

    @Test
    void nullMembersAreAbsent() {
        assertThat(PreferencesValidator.parse(tree("{'min_renewable_pct': null, 'max_contract_months': null, 'top_n': null}"), P)
                .orElseThrow()).isEqualTo(Preferences.NONE);
    }

    @ParameterizedTest
    @CsvSource({"0, 0, 1", "100, 36, 20", "50.5, 12, 5", "12.25, 12.0, 3.0"})
    void acceptsValuesInsideTheirRanges(double minRenewable, double maxMonths, double topN) {
        String json = "{'min_renewable_pct': " + minRenewable + ", 'max_contract_months': " + maxMonths + ", 'top_n': " + topN + "}";

        assertThat(PreferencesValidator.parse(tree(json), P).orElseThrow())
                .isEqualTo(new Preferences(minRenewable, (int) maxMonths, (int) topN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void reportsEveryBrokenRuleWithItsPath(String json, List<FieldError> expected) {
        assertThat(PreferencesValidator.parse(tree(json), P).errors()).containsExactlyInAnyOrderElementsOf(expected);
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                invalid("[]", P, "must be an object"),
                invalid("{'theme': 'dark'}", P + ".theme", "unknown field"),
                invalid("{'min_renewable_pct': -1}", P + ".min_renewable_pct", "must be between 0 and 100"),
                invalid("{'min_renewable_pct': 100.5}", P + ".min_renewable_pct", "must be between 0 and 100"),
                invalid("{'min_renewable_pct': '50'}", P + ".min_renewable_pct", "must be a number"),
                invalid("{'max_contract_months': -1}", P + ".max_contract_months", "must be an integer >= 0"),
                invalid("{'max_contract_months': 1.5}", P + ".max_contract_months", "must be an integer"),
                invalid("{'max_contract_months': '12'}", P + ".max_contract_months", "must be an integer"),
                invalid("{'max_contract_months': 1e20}", P + ".max_contract_months", "must be an integer >= 0"),
                invalid("{'top_n': 0}", P + ".top_n", "must be between 1 and 20"),
                invalid("{'top_n': 21}", P + ".top_n", "must be between 1 and 20"),
                invalid("{'top_n': 2.5}", P + ".top_n", "must be an integer"),
                invalid("{'top_n': true}", P + ".top_n", "must be an integer"));
    }

    @Test
    void reportsAllErrorsTogether() {
        String json = "{'min_renewable_pct': 101, 'max_contract_months': -3, 'top_n': 50, 'x': 1}";
        assertThat(PreferencesValidator.parse(tree(json), P).errors())
                .containsExactlyInAnyOrderElementsOf(errors(
                        P + ".x", "unknown field",
                        P + ".min_renewable_pct", "must be between 0 and 100",
                        P + ".max_contract_months", "must be an integer >= 0",
                        P + ".top_n", "must be between 1 and 20"));
    }
}
