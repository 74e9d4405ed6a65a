package io.treebeard.schemas.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.json.Json;
import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.RateStructure.BillCredit;
import io.treebeard.schemas.model.RateStructure.Energy;
import io.treebeard.schemas.model.RateStructure.Flat;
import io.treebeard.schemas.model.RateStructure.MinimumUsage;
import io.treebeard.schemas.model.RateStructure.Tier;
import io.treebeard.schemas.model.RateStructure.Tiered;
import io.treebeard.schemas.model.RateStructure.Tou;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a valid rate structure is, the JSON the shared mapper writes for it validates and converts back to it. The
 * structures are drawn from a fixed seed, so a failure is reproducible from its case number.
 */
class RateStructureRoundTripTest {

    private static final long SEED = 20261125L;
    private static final int CASES = 300;

    @ParameterizedTest(name = "case {index}: {0}")
    @MethodSource("rateStructures")
    void everyValidRateStructureSurvivesSerialisationAndValidation(RateStructure rates) {
        String json = Json.mapper().writeValueAsString(rates);

        ValidationResult<RateStructure> result = RateStructureValidator.parse(Json.mapper().readTree(json), "rate_structure");

        assertThat(result.errors()).isEmpty();
        assertThat(result.value()).isEqualTo(rates);
    }

    static Stream<RateStructure> rateStructures() {
        Random random = new Random(SEED);
        return IntStream.range(0, CASES).mapToObj(i -> rateStructure(random));
    }

    private static RateStructure rateStructure(Random random) {
        List<BillCredit> credits = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            double min = amount(random);
            credits.add(new BillCredit(min, random.nextBoolean() ? null : min + amount(random), amount(random)));
        }
        MinimumUsage minimum = random.nextBoolean() ? null : new MinimumUsage(amount(random), amount(random));
        double monthlyFee = random.nextInt(5) == 0 ? 0.0 : amount(random);
        return new RateStructure(monthlyFee, energy(random), credits, minimum);
    }

    private static Energy energy(Random random) {
        switch (random.nextInt(3)) {
            case 0:
                return new Flat(rate(random));
            case 1:
                return new Tou(rate(random), rate(random));
            default:
                return tiered(random);
        }
    }

    /** Up to four bounded tiers with strictly increasing bounds (running sums of positive steps), then an open one. */
    private static Energy tiered(Random random) {
        List<Tier> tiers = new ArrayList<>();
        double bound = 0;
        for (int i = random.nextInt(5); i > 0; i--) {
            bound += 0.001 + amount(random);
            tiers.add(new Tier(bound, rate(random)));
        }
        tiers.add(new Tier(null, rate(random)));
        return new Tiered(tiers);
    }

    /** A rate within {@link InputBounds#MAX_RATE} with up to six decimals, sometimes exactly 0. */
    private static double rate(Random random) {
        return random.nextInt(10) == 0 ? 0.0 : Math.round(random.nextDouble() * InputBounds.MAX_RATE * 1_000_000) / 1_000_000.0;
    }

    /** A non-negative amount (below 10,000: within every money and kWh bound) with up to four decimals, sometimes 0. */
    private static double amount(Random random) {
        return random.nextInt(10) == 0 ? 0.0 : Math.round(random.nextDouble() * 10_000 * 10_000) / 10_000.0;
    }
}
