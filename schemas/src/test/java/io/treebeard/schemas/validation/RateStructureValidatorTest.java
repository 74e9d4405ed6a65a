package io.treebeard.schemas.validation;

import static io.treebeard.schemas.TestJson.tree;
import static io.treebeard.schemas.validation.ValidationCases.errors;
import static io.treebeard.schemas.validation.ValidationCases.invalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.RateStructure.BillCredit;
import io.treebeard.schemas.model.RateStructure.Flat;
import io.treebeard.schemas.model.RateStructure.MinimumUsage;
import io.treebeard.schemas.model.RateStructure.Tier;
import io.treebeard.schemas.model.RateStructure.Tiered;
import io.treebeard.schemas.model.RateStructure.Tou;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.JsonNodeFactory;

class RateStructureValidatorTest {

    private static final String P = "rate_structure";
    private static final String FLAT = "'energy': {'type': 'flat', 'rate': 0.1}";

    @Test
    void convertsTheContractExample() {
        RateStructure parsed = RateStructureValidator.parse(tree("""
                {'monthly_fee': 4.95,
                 'energy': {'type': 'tiered', 'tiers': [{'up_to_kwh': 1000, 'rate': 0.10}, {'rate': 0.15}]},
                 'bill_credits': [{'min_kwh': 1000, 'max_kwh': 2000, 'credit': 100.0}],
                 'minimum_usage': {'below_kwh': 500, 'fee': 9.95}}"""), P).orElseThrow();

        assertThat(parsed).isEqualTo(new RateStructure(4.95,
                new Tiered(List.of(new Tier(1000.0, 0.10), new Tier(null, 0.15))),
                List.of(new BillCredit(1000, 2000.0, 100.0)),
                new MinimumUsage(500, 9.95)));
    }

    @Test
    void convertsFlatAndTimeOfUseEnergyWithDefaultsForAbsentParts() {
        assertThat(RateStructureValidator.parse(tree("{" + FLAT + "}"), P).orElseThrow())
                .isEqualTo(new RateStructure(0.0, new Flat(0.1), List.of(), null));
        String tou = "{'energy': {'type': 'tou', 'peak_rate': 0.22, 'off_peak_rate': 0.08}}";
        assertThat(RateStructureValidator.parse(tree(tou), P).orElseThrow())
                .isEqualTo(new RateStructure(0.0, new Tou(0.22, 0.08), List.of(), null));
    }

    @Test
    void treatsNullOptionalMembersAsAbsent() {
        RateStructure parsed = RateStructureValidator.parse(tree("""
                {'monthly_fee': null, 'bill_credits': null, 'minimum_usage': null,
                 'energy': {'type': 'tiered', 'tiers': [{'up_to_kwh': 500, 'rate': 0.1}, {'up_to_kwh': null, 'rate': 0.2}]}}"""), P)
                .orElseThrow();

        assertThat(parsed)
                .isEqualTo(new RateStructure(0.0, new Tiered(List.of(new Tier(500.0, 0.1), new Tier(null, 0.2))), List.of(), null));
    }

    @Test
    void acceptsZeroesSingleTierAndCreditWithEqualBoundsOrNoUpperBound() {
        RateStructure parsed = RateStructureValidator.parse(tree("""
                {'monthly_fee': 0, 'energy': {'type': 'tiered', 'tiers': [{'rate': 0}]},
                 'bill_credits': [{'min_kwh': 0, 'max_kwh': 0, 'credit': 0}, {'min_kwh': 10, 'max_kwh': null, 'credit': 5}],
                 'minimum_usage': {'below_kwh': 0, 'fee': 0}}"""), P).orElseThrow();

        assertThat(parsed.billCredits()).containsExactly(new BillCredit(0, 0.0, 0), new BillCredit(10, null, 5));
        assertThat(parsed.energy()).isEqualTo(new Tiered(List.of(new Tier(null, 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void reportsEveryBrokenRuleWithItsPath(String json, List<FieldError> expected) {
        ValidationResult<RateStructure> result = RateStructureValidator.parse(tree(json), P);

        assertThat(result.errors()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(RateStructureValidator.validate(tree(json), P)).isEqualTo(result.errors());
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(rootRules(), energyRules(), tierRules(), touRules(), creditRules(), minimumRules(), numberRules(),
                boundRules()).flatMap(s -> s);
    }

    private static Stream<Arguments> rootRules() {
        return Stream.of(
                invalid("[]", P, "must be an object"),
                invalid("'flat'", P, "must be an object"),
                invalid("{" + FLAT + ", 'discount': 1, 'notes': null}", P + ".discount", "unknown field", P + ".notes", "unknown field"),
                invalid("{}", P + ".energy", "is required"),
                invalid("{'energy': null}", P + ".energy", "is required"),
                invalid("{'monthly_fee': -0.01, " + FLAT + "}", P + ".monthly_fee", "must be >= 0"));
    }

    private static Stream<Arguments> energyRules() {
        String energy = P + ".energy";
        return Stream.of(
                invalid("{'energy': 'flat'}", energy, "must be an object"),
                invalid("{'energy': {'rate': 0.1}}", energy + ".type", "is required"),
                invalid("{'energy': {'type': 'block', 'rate': 0.1}}", energy + ".type", "must be one of flat, tiered, tou"),
                invalid("{'energy': {'type': 'FLAT', 'rate': 0.1}}", energy + ".type", "must be one of flat, tiered, tou"),
                invalid("{'energy': {'type': 1, 'rate': 0.1}}", energy + ".type", "must be one of flat, tiered, tou"),
                invalid("{'energy': {'type': 'flat'}}", energy + ".rate", "is required"),
                invalid("{'energy': {'type': 'flat', 'rate': -0.1}}", energy + ".rate", "must be >= 0"),
                invalid("{'energy': {'type': 'flat', 'rate': 0.1, 'peak_rate': 0.2}}", energy + ".peak_rate", "unknown field"),
                invalid("{'energy': {'type': 'flat', 'rate': 0.1, 'tiers': []}}", energy + ".tiers", "unknown field"));
    }

    private static Stream<Arguments> tierRules() {
        String tiers = P + ".energy.tiers";
        return Stream.of(
                invalid("{'energy': {'type': 'tiered'}}", tiers, "is required"),
                invalid("{'energy': {'type': 'tiered', 'tiers': {'rate': 0.1}}}", tiers, "must be an array"),
                invalid("{'energy': {'type': 'tiered', 'tiers': []}}", tiers, "must not be empty"),
                invalid("{'energy': {'type': 'tiered', 'tiers': [0.1]}}", tiers + "[0]", "must be an object"),
                invalid("{'energy': {'type': 'tiered', 'rate': 0.1, 'tiers': [{'rate': 0.1}]}}", P + ".energy.rate", "unknown field"),
                invalid("{'energy': {'type': 'tiered', 'tiers': [{'rate': 0.1, 'from_kwh': 0}]}}", tiers + "[0].from_kwh", "unknown field"),
                invalid("{'energy': {'type': 'tiered', 'tiers': [{'up_to_kwh': 100}, {}]}}",
                        tiers + "[0].rate", "is required", tiers + "[1].rate", "is required"),
                invalid("{'energy': {'type': 'tiered', 'tiers': [{'up_to_kwh': 100, 'rate': -1}, {'rate': 0.2}]}}",
                        tiers + "[0].rate", "must be >= 0"),
                invalid("{'energy': {'type': 'tiered', 'tiers': [{'up_to_kwh': 100, 'rate': 0.1}, {'rate': 0.2}, {'rate': 0.3}]}}",
                        tiers + "[1].up_to_kwh", "is required on every tier but the last"),
                invalid("{'energy': {'type': 'tiered', 'tiers': [{'up_to_kwh': 100, 'rate': 0.1}, {'up_to_kwh': 200, 'rate': 0.2}]}}",
                        tiers + "[1].up_to_kwh", "must be absent on the last tier"),
                invalid(tiered("{'up_to_kwh': 500, 'rate': 0.1}, {'up_to_kwh': 400, 'rate': 0.2}, {'rate': 0}"),
                        tiers + "[1].up_to_kwh", "must be greater than " + tiers + "[0].up_to_kwh"),
                invalid(tiered("{'up_to_kwh': 500, 'rate': 0.1}, {'up_to_kwh': 500, 'rate': 0.2}, {'rate': 0}"),
                        tiers + "[1].up_to_kwh", "must be greater than " + tiers + "[0].up_to_kwh"),
                invalid("{'energy': {'type': 'tiered', 'tiers': [{'up_to_kwh': 0, 'rate': 0.1}, {'rate': 0.2}]}}",
                        tiers + "[0].up_to_kwh", "must be > 0"),
                invalid("{'energy': {'type': 'tiered', 'tiers': [{'up_to_kwh': -5, 'rate': 0.1}, {'rate': 0.2}]}}",
                        tiers + "[0].up_to_kwh", "must be > 0"),
                invalid("{'energy': {'type': 'tiered', 'tiers': [{'up_to_kwh': '500', 'rate': 0.1}, {'rate': 0.2}]}}",
                        tiers + "[0].up_to_kwh", "must be a number"));
    }

    /** A rate structure with tiered energy of the given tiers. */
    private static String tiered(String tiers) {
        return "{'energy': {'type': 'tiered', 'tiers': [" + tiers + "]}}";
    }

    private static Stream<Arguments> touRules() {
        String energy = P + ".energy";
        return Stream.of(
                invalid("{'energy': {'type': 'tou'}}", energy + ".peak_rate", "is required", energy + ".off_peak_rate", "is required"),
                invalid("{'energy': {'type': 'tou', 'peak_rate': -0.2, 'off_peak_rate': 0.1}}", energy + ".peak_rate", "must be >= 0"),
                invalid("{'energy': {'type': 'tou', 'peak_rate': 0.2, 'off_peak_rate': -0.1}}", energy + ".off_peak_rate", "must be >= 0"),
                invalid("{'energy': {'type': 'tou', 'peak_rate': 0.2, 'off_peak_rate': 0.1, 'rate': 0.1}}",
                        energy + ".rate", "unknown field"));
    }

    private static Stream<Arguments> creditRules() {
        String credits = P + ".bill_credits";
        return Stream.of(
                invalid("{" + FLAT + ", 'bill_credits': {'min_kwh': 0, 'credit': 1}}", credits, "must be an array"),
                invalid("{" + FLAT + ", 'bill_credits': [5]}", credits + "[0]", "must be an object"),
                invalid("{" + FLAT + ", 'bill_credits': [{'credit': 1}]}", credits + "[0].min_kwh", "is required"),
                invalid("{" + FLAT + ", 'bill_credits': [{'min_kwh': 0}]}", credits + "[0].credit", "is required"),
                invalid("{" + FLAT + ", 'bill_credits': [{'min_kwh': -1, 'credit': 1}]}", credits + "[0].min_kwh", "must be >= 0"),
                invalid("{" + FLAT + ", 'bill_credits': [{'min_kwh': 0, 'credit': -1}]}", credits + "[0].credit", "must be >= 0"),
                invalid("{" + FLAT + ", 'bill_credits': [{'min_kwh': 0, 'max_kwh': -1, 'credit': 1}]}",
                        credits + "[0].max_kwh", "must be >= 0"),
                invalid("{" + FLAT + ", 'bill_credits': [{'min_kwh': 0, 'credit': 1}, {'min_kwh': 2000, 'max_kwh': 1000, 'credit': 1}]}",
                        credits + "[1].max_kwh", "must be >= min_kwh"),
                invalid("{" + FLAT + ", 'bill_credits': [{'min_kwh': 0, 'credit': 1, 'cap': 2}]}", credits + "[0].cap", "unknown field"));
    }

    private static Stream<Arguments> minimumRules() {
        String minimum = P + ".minimum_usage";
        return Stream.of(
                invalid("{" + FLAT + ", 'minimum_usage': [500, 9.95]}", minimum, "must be an object"),
                invalid("{" + FLAT + ", 'minimum_usage': {}}", minimum + ".below_kwh", "is required", minimum + ".fee", "is required"),
                invalid("{" + FLAT + ", 'minimum_usage': {'below_kwh': -1, 'fee': 9.95}}", minimum + ".below_kwh", "must be >= 0"),
                invalid("{" + FLAT + ", 'minimum_usage': {'below_kwh': 500, 'fee': -9.95}}", minimum + ".fee", "must be >= 0"),
                invalid("{" + FLAT + ", 'minimum_usage': {'below_kwh': 500, 'fee': 9.95, 'per': 'month'}}",
                        minimum + ".per", "unknown field"));
    }

    private static Stream<Arguments> numberRules() {
        return Stream.of(
                invalid("{'monthly_fee': '4.95', " + FLAT + "}", P + ".monthly_fee", "must be a number"),
                invalid("{'energy': {'type': 'flat', 'rate': '0.1'}}", P + ".energy.rate", "must be a number"),
                invalid("{'energy': {'type': 'flat', 'rate': true}}", P + ".energy.rate", "must be a number"),
                invalid("{'energy': {'type': 'flat', 'rate': 1e400}}", P + ".energy.rate", "must be a finite number"),
                invalid("{" + FLAT + ", 'minimum_usage': {'below_kwh': '500', 'fee': 1}}",
                        P + ".minimum_usage.below_kwh", "must be a number"));
    }

    /** Input bounds: magnitudes and counts above these would overflow bill maths or records. */
    private static Stream<Arguments> boundRules() {
        String energy = P + ".energy";
        return Stream.of(
                invalid("{'energy': {'type': 'flat', 'rate': 1e306}}", energy + ".rate", "must be <= 100"),
                invalid("{'energy': {'type': 'flat', 'rate': 100.01}}", energy + ".rate", "must be <= 100"),
                invalid("{'energy': {'type': 'tou', 'peak_rate': 101, 'off_peak_rate': 1e10}}",
                        energy + ".peak_rate", "must be <= 100", energy + ".off_peak_rate", "must be <= 100"),
                invalid(tiered("{'up_to_kwh': 1000001, 'rate': 0.1}, {'rate': 1000}"),
                        energy + ".tiers[0].up_to_kwh", "must be <= 1000000", energy + ".tiers[1].rate", "must be <= 100"),
                invalid(tiered("{'rate': 0.1}, ".repeat(20) + "{'rate': 0.1}"), energy + ".tiers", "must have at most 20 tiers"),
                invalid("{'monthly_fee': 100000.01, " + FLAT + "}", P + ".monthly_fee", "must be <= 100000"),
                invalid("{" + FLAT + ", 'bill_credits': [{'min_kwh': 2e6, 'max_kwh': 3e6, 'credit': 1e9}]}",
                        P + ".bill_credits[0].min_kwh", "must be <= 1000000", P + ".bill_credits[0].max_kwh", "must be <= 1000000",
                        P + ".bill_credits[0].credit", "must be <= 100000"),
                invalid("{" + FLAT + ", 'bill_credits': [" + "{'min_kwh': 0, 'credit': 1}, ".repeat(20) + "{'min_kwh': 0, 'credit': 1}]}",
                        P + ".bill_credits", "must have at most 20 credits"),
                invalid("{" + FLAT + ", 'minimum_usage': {'below_kwh': 1e7, 'fee': 1e5}}", P + ".minimum_usage.below_kwh",
                        "must be <= 1000000"),
                invalid("{" + FLAT + ", 'minimum_usage': {'below_kwh': 500, 'fee': 100001}}", P + ".minimum_usage.fee",
                        "must be <= 100000"));
    }

    @Test
    void acceptsEveryBoundItself() {
        RateStructure parsed = RateStructureValidator.parse(tree("{'monthly_fee': 100000, 'energy': {'type': 'tiered', 'tiers': ["
                + "{'up_to_kwh': 1000000, 'rate': 100}, {'rate': 100}]}, 'bill_credits': ["
                + "{'min_kwh': 1000000, 'max_kwh': 1000000, 'credit': 100000}, ".repeat(InputBounds.MAX_BILL_CREDITS - 1)
                + "{'min_kwh': 0, 'credit': 100000}], 'minimum_usage': {'below_kwh': 1000000, 'fee': 100000}}"), P).orElseThrow();
        RateStructure tou = RateStructureValidator.parse(tree("{'energy': {'type': 'tou', 'peak_rate': 100, 'off_peak_rate': 100}}"),
                P).orElseThrow();
        StringBuilder twentyTiers = new StringBuilder();
        for (int bound = 1; bound < InputBounds.MAX_TIERS; bound++) {
            twentyTiers.append("{'up_to_kwh': ").append(bound).append(", 'rate': 1}, ");
        }
        twentyTiers.append("{'rate': 1}");

        assertThat(parsed.monthlyFee()).isEqualTo(100_000.0);
        assertThat(parsed.energy()).isEqualTo(new Tiered(List.of(new Tier(1_000_000.0, 100), new Tier(null, 100))));
        assertThat(parsed.billCredits()).hasSize(InputBounds.MAX_BILL_CREDITS);
        assertThat(parsed.minimumUsage()).isEqualTo(new MinimumUsage(1_000_000, 100_000));
        assertThat(tou.energy()).isEqualTo(new Tou(100, 100));
        assertThat(((Tiered) RateStructureValidator.parse(tree(tiered(twentyTiers.toString())), P).orElseThrow().energy()).tiers())
                .hasSize(InputBounds.MAX_TIERS);
    }

    @Test
    void reportsAllErrorsOfADocumentTogether() {
        ValidationResult<RateStructure> result = RateStructureValidator.parse(tree("""
                {'monthly_fee': -1, 'currency': 'USD',
                 'energy': {'type': 'tiered', 'tiers': [{'up_to_kwh': 900, 'rate': '0.1'}, {'rate': 0.2}, {'up_to_kwh': 800, 'rate': 0.3}]},
                 'bill_credits': [{'min_kwh': 100, 'max_kwh': 50}],
                 'minimum_usage': {'fee': -2}}"""), P);

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).containsExactlyInAnyOrderElementsOf(errors(
                P + ".currency", "unknown field",
                P + ".monthly_fee", "must be >= 0",
                P + ".energy.tiers[0].rate", "must be a number",
                P + ".energy.tiers[1].up_to_kwh", "is required on every tier but the last",
                P + ".energy.tiers[2].up_to_kwh", "must be absent on the last tier",
                P + ".bill_credits[0].max_kwh", "must be >= min_kwh",
                P + ".bill_credits[0].credit", "is required",
                P + ".minimum_usage.below_kwh", "is required",
                P + ".minimum_usage.fee", "must be >= 0"));
    }

    @Test
    void namesFieldsWithoutPrefixWhenTheCallerGivesNone() {
        assertThat(RateStructureValidator.validate(tree("{'energy': {'type': 'flat'}}"), ""))
                .containsExactly(new FieldError("energy.rate", "is required"));
        assertThat(RateStructureValidator.validate(tree("7"), "")).containsExactly(new FieldError("$", "must be an object"));
    }

    @Test
    void rejectsAMissingDocument() {
        assertThat(RateStructureValidator.validate(null, P)).containsExactly(new FieldError(P, "must be an object"));
        assertThat(RateStructureValidator.validate(JsonNodeFactory.instance.nullNode(), P))
                .containsExactly(new FieldError(P, "must be an object"));
    }
}
