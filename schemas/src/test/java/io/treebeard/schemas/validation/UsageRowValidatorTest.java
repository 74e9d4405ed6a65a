package io.treebeard.schemas.validation;

import static io.treebeard.schemas.TestJson.tree;
import static io.treebeard.schemas.validation.ValidationCases.errors;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.model.UsageReading;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsageRowValidatorTest {

    private static final LocalDate DAY = LocalDate.of(2026, 10, 31);

    @Test
    void buildsTheReadingWithThreeDecimalKwh() {
        String json = "{'user_id': 'u-1', 'usage_date': '2026-10-31', 'kwh': 31.25, 'peak_kwh': 12}";
        assertThat(UsageRowValidator.parse(tree(json)).orElseThrow())
                .isEqualTo(new UsageReading("u-1", DAY, new BigDecimal("31.250"), new BigDecimal("12.000")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'user_id': 'u-1', 'usage_date': '2026-10-31', 'kwh': 0}",
        "{'user_id': 'u-1', 'usage_date': '2026-10-31', 'kwh': 0, 'peak_kwh': null}"})
    void peakKwhIsOptional(String json) {
        assertThat(UsageRowValidator.parse(tree(json)).orElseThrow())
                .isEqualTo(new UsageReading("u-1", DAY, new BigDecimal("0.000"), null));
    }

    @Test
    void acceptsTheLargestKwhAndAPeakEqualToIt() {
        UsageReading reading = UsageRowValidator.parse(tree(
                "{'user_id': 'u-1', 'usage_date': '2026-10-31', 'kwh': 9999999.999, 'peak_kwh': 9999999.999}")).orElseThrow();

        assertThat(reading.kwh()).isEqualTo(new BigDecimal("9999999.999"));
        assertThat(reading.peakKwh()).isEqualTo(reading.kwh());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void reportsEachBrokenRuleWithItsFieldAndNoIndex(String json, String field, String reason) {
        assertThat(UsageRowValidator.parse(tree(json)).errors()).containsExactly(new FieldError(field, reason));
    }

    static Stream<Arguments> brokenRules() {
        String ok = "'user_id': 'u-1', 'usage_date': '2026-10-31'";
        return Stream.of(
                Arguments.of("{'usage_date': '2026-10-31', 'kwh': 1}", "user_id", "is required"),
                Arguments.of("{'user_id': 'u 1', 'usage_date': '2026-10-31', 'kwh': 1}", "user_id", Identifiers.REASON),
                Arguments.of("{'user_id': 'u-1', 'kwh': 1}", "usage_date", "is required"),
                Arguments.of("{'user_id': 'u-1', 'usage_date': '31/10/2026', 'kwh': 1}", "usage_date", "must be a date yyyy-MM-dd"),
                Arguments.of("{'user_id': 'u-1', 'usage_date': '2026-13-01', 'kwh': 1}", "usage_date", "must be a valid date yyyy-MM-dd"),
                Arguments.of("{" + ok + "}", "kwh", "is required"),
                Arguments.of("{" + ok + ", 'kwh': null}", "kwh", "is required"),
                Arguments.of("{" + ok + ", 'kwh': -0.001}", "kwh", "must be >= 0"),
                Arguments.of("{" + ok + ", 'kwh': '12.5'}", "kwh", "must be a number"),
                Arguments.of("{" + ok + ", 'kwh': 1.2345}", "kwh", "must have at most 3 decimals"),
                Arguments.of("{" + ok + ", 'kwh': 10000000}", "kwh", "must be < 10000000"),
                Arguments.of("{" + ok + ", 'kwh': 10, 'peak_kwh': 10.001}", "peak_kwh", "must be <= kwh"),
                Arguments.of("{" + ok + ", 'kwh': 10, 'peak_kwh': -1}", "peak_kwh", "must be >= 0"),
                Arguments.of("{" + ok + ", 'kwh': 10, 'peak_kwh': 0.0001}", "peak_kwh", "must have at most 3 decimals"),
                Arguments.of("{" + ok + ", 'kwh': 10, 'peak_kwh': '1'}", "peak_kwh", "must be a number"),
                Arguments.of("{" + ok + ", 'kwh': 10, 'off_peak_kwh': 1}", "off_peak_kwh", "unknown field"),
                Arguments.of("[1, 2]", "$", "must be an object"));
    }

    @Test
    void reportsAllErrorsOfARowTogether() {
        String json = "{'user_id': '', 'usage_date': '2026-02-29', 'kwh': -1, 'peak_kwh': 'x', 'meter': 1}";
        assertThat(UsageRowValidator.parse(tree(json)).errors())
                .containsExactlyInAnyOrderElementsOf(errors(
                        "meter", "unknown field",
                        "user_id", Identifiers.REASON,
                        "usage_date", "must be a valid date yyyy-MM-dd",
                        "kwh", "must be >= 0",
                        "peak_kwh", "must be a number"));
    }

    @Test
    void parsesCsvCellsAsNumbersAndEmptyCellsAsAbsent() {
        assertThat(UsageRowValidator.parseText("u-1", "2026-10-31", " 31.25 ", "").orElseThrow())
                .isEqualTo(new UsageReading("u-1", DAY, new BigDecimal("31.250"), null));
        assertThat(UsageRowValidator.parseText("u-1", "2026-10-31", "31.25", "10").orElseThrow().peakKwh())
                .isEqualTo(new BigDecimal("10.000"));
    }

    @Test
    void reportsCsvCellsThatAreNotNumbersOrMissing() {
        assertThat(UsageRowValidator.parseText("", "2026-10-31", "abc", "NaN").errors())
                .containsExactlyInAnyOrderElementsOf(errors(
                        "user_id", "is required",
                        "kwh", "must be a number",
                        "peak_kwh", "must be a number"));
    }
}
