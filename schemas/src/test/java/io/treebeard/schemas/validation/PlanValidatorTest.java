package io.treebeard.schemas.validation;

import static io.treebeard.schemas.TestJson.tree;
import static io.treebeard.schemas.validation.ValidationCases.errors;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.RateStructure;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PlanValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String BODY = """
            {'provider': 'Lone Star Power', 'name': 'Green 12', 'available_regions': ['TX-NORTH', 'TX-SOUTH'],
             'is_active': true, 'rate_structure': {'monthly_fee': 4.95, 'energy': {'type': 'flat', 'rate': 0.129}},
             'renewable_percentage': 100, 'contract_months': 12, 'early_termination_fee': 150.5}""";

    @Test
    void buildsThePlanWithTheIdFromThePathAndColumnScales() {
        Plan plan = PlanValidator.parse("p-1", tree(BODY), NOW).orElseThrow();

        assertThat(plan).isEqualTo(new Plan("p-1", "Lone Star Power", "Green 12", List.of("TX-NORTH", "TX-SOUTH"), true,
                new RateStructure(4.95, new RateStructure.Flat(0.129), List.of(), null),
                new BigDecimal("100.00"), 12, new BigDecimal("150.50"), NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"absent", "null"})
    void earlyTerminationFeeDefaultsToZero(String how) {
        ObjectNode body = body();
        if (how.equals("null")) {
            body.putNull("early_termination_fee");
        } else {
            body.remove("early_termination_fee");
        }

        assertThat(PlanValidator.parse("p-1", body, NOW).orElseThrow().earlyTerminationFee()).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void acceptsBoundaryValues() {
        ObjectNode body = body();
        body.put("renewable_percentage", 0);
        body.put("contract_months", 0);
        body.put("early_termination_fee", new BigDecimal("100000"));
        body.put("name", "n".repeat(InputBounds.MAX_TEXT_CHARS));
        body.put("provider", "\uD83C\uDF33".repeat(InputBounds.MAX_TEXT_CHARS));

        Plan plan = PlanValidator.parse("p-1", body, NOW).orElseThrow();

        assertThat(plan.renewablePercentage()).isEqualTo(new BigDecimal("0.00"));
        assertThat(plan.contractMonths()).isZero();
        assertThat(plan.earlyTerminationFee()).isEqualTo(new BigDecimal("100000.00"));
        assertThat(plan.name()).hasSize(InputBounds.MAX_TEXT_CHARS);
        assertThat(plan.provider()).as("200 code points, 400 UTF-16 units").hasSize(2 * InputBounds.MAX_TEXT_CHARS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"provider", "name", "available_regions", "is_active", "rate_structure", "renewable_percentage",
        "contract_months"})
    void everyColumnWithoutDefaultIsRequired(String key) {
        ObjectNode body = body();
        body.remove(key);
        ObjectNode withNull = body();
        withNull.putNull(key);

        assertThat(PlanValidator.parse("p-1", body, NOW).errors()).containsExactly(new FieldError(key, "is required"));
        assertThat(PlanValidator.parse("p-1", withNull, NOW).errors()).containsExactly(new FieldError(key, "is required"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("brokenRules")
    void reportsEachBrokenRuleWithItsField(String key, String valueJson, String field, String reason) {
        ObjectNode body = body();
        body.set(key, tree(valueJson));

        assertThat(PlanValidator.parse("p-1", body, NOW).errors()).containsExactly(new FieldError(field, reason));
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                Arguments.of("provider", "'  '", "provider", "must not be blank"),
                Arguments.of("provider", "7", "provider", "must be a string"),
                Arguments.of("name", "['x']", "name", "must be a string"),
                Arguments.of("available_regions", "[]", "available_regions", "must not be empty"),
                Arguments.of("available_regions", "'TX-NORTH'", "available_regions", "must be an array"),
                Arguments.of("available_regions", "['TX-NORTH', 'TX SOUTH']", "available_regions[1]", Identifiers.REASON),
                Arguments.of("available_regions", "['TX-NORTH', 7]", "available_regions[1]", Identifiers.REASON),
                Arguments.of("available_regions", "['A', 'B', 'A']", "available_regions[2]", "duplicate of available_regions[0]"),
                Arguments.of("is_active", "'true'", "is_active", "must be true or false"),
                Arguments.of("renewable_percentage", "100.01", "renewable_percentage", "must be between 0 and 100"),
                Arguments.of("renewable_percentage", "-1", "renewable_percentage", "must be between 0 and 100"),
                Arguments.of("renewable_percentage", "12.345", "renewable_percentage", "must have at most 2 decimals"),
                Arguments.of("renewable_percentage", "'50'", "renewable_percentage", "must be a number"),
                Arguments.of("contract_months", "-1", "contract_months", "must be an integer >= 0"),
                Arguments.of("contract_months", "1.5", "contract_months", "must be an integer"),
                Arguments.of("contract_months", "'12'", "contract_months", "must be an integer"),
                Arguments.of("early_termination_fee", "-0.01", "early_termination_fee", "must be >= 0"),
                Arguments.of("early_termination_fee", "1.234", "early_termination_fee", "must have at most 2 decimals"),
                Arguments.of("early_termination_fee", "100000000", "early_termination_fee", "must be <= 100000"),
                Arguments.of("early_termination_fee", "100000.01", "early_termination_fee", "must be <= 100000"),
                Arguments.of("name", "'" + "n".repeat(201) + "'", "name", "must be at most 200 characters"),
                Arguments.of("provider", "'" + "p".repeat(600_000) + "'", "provider", "must be at most 200 characters"),
                Arguments.of("available_regions", regions(101), "available_regions", "must have at most 100 regions"),
                Arguments.of("early_termination_fee", "'150'", "early_termination_fee", "must be a number"),
                Arguments.of("rate_structure", "{'energy': {'type': 'flat', 'rate': -1}}", "rate_structure.energy.rate", "must be >= 0"),
                Arguments.of("rate_structure", "'flat'", "rate_structure", "must be an object"),
                Arguments.of("plan_id", "'p-1'", "plan_id", "must not be in the body: the plan id is taken from the path"),
                Arguments.of("updated_at", "'2026-01-01T00:00:00Z'", "updated_at", "must not be in the body: it is set by the server"),
                Arguments.of("efl_url", "'https://x'", "efl_url", "unknown field"));
    }

    private static String regions(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "'R" + i + "'")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "p 1", "p/1", "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void rejectsAMalformedPlanIdFromThePath(String planId) {
        assertThat(PlanValidator.parse(planId, body(), NOW).errors()).containsExactly(new FieldError("plan_id", Identifiers.REASON));
    }

    @Test
    void aStoredRowIsCheckedByTheSameRulesAsAWrite() {
        ValidationResult<Plan> fine = PlanValidator.ofColumns("p-1", "Lone Star Power", "Green 12", List.of("TX-NORTH"), true,
                tree("{'energy': {'type': 'flat', 'rate': 0.129}}"), new BigDecimal("100.00"), 12, new BigDecimal("150.50"), NOW);
        ValidationResult<Plan> huge = PlanValidator.ofColumns("p-2", "P", "N".repeat(600_000), List.of("TX-NORTH"), true,
                tree("{'energy': {'type': 'flat', 'rate': 1e306}}"), new BigDecimal("5.00"), 0, new BigDecimal("200000.00"), NOW);

        assertThat(fine.orElseThrow().earlyTerminationFee()).isEqualTo(new BigDecimal("150.50"));
        assertThat(huge.errors()).containsExactly(new FieldError("name", "must be at most 200 characters"),
                new FieldError("rate_structure.energy.rate", "must be <= 100"),
                new FieldError("early_termination_fee", "must be <= 100000"));
    }

    @Test
    void rejectsABodyThatIsNotAnObject() {
        assertThat(PlanValidator.parse("p-1", tree("[]"), NOW).errors()).containsExactly(new FieldError("$", "must be an object"));
    }

    @Test
    void reportsAllErrorsTogether() {
        JsonNode body = tree("""
                {'plan_id': 'p-2', 'provider': '', 'available_regions': ['TX', 'TX'], 'is_active': 1,
                 'rate_structure': {'energy': {'type': 'tou', 'peak_rate': 0.2}, 'bill_credits': [{'min_kwh': '1', 'credit': 1}]},
                 'renewable_percentage': 101, 'contract_months': -12, 'early_termination_fee': 0.001, 'color': 'green'}""");

        assertThat(PlanValidator.parse("bad id", body, NOW).errors()).containsExactlyInAnyOrderElementsOf(errors(
                "plan_id", Identifiers.REASON,
                "plan_id", "must not be in the body: the plan id is taken from the path",
                "color", "unknown field",
                "provider", "must not be blank",
                "name", "is required",
                "available_regions[1]", "duplicate of available_regions[0]",
                "is_active", "must be true or false",
                "rate_structure.energy.off_peak_rate", "is required",
                "rate_structure.bill_credits[0].min_kwh", "must be a number",
                "renewable_percentage", "must be between 0 and 100",
                "contract_months", "must be an integer >= 0",
                "early_termination_fee", "must have at most 2 decimals"));
    }

    private static ObjectNode body() {
        return (ObjectNode) tree(BODY);
    }
}
