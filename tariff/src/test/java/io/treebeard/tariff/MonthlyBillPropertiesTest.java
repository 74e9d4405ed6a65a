package io.treebeard.tariff;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.model.RateStructure;
import io.treebeard.schemas.model.RateStructure.Energy;
import io.treebeard.schemas.model.RateStructure.Flat;
import io.treebeard.schemas.model.RateStructure.Tier;
import io.treebeard.schemas.model.RateStructure.Tiered;
import io.treebeard.schemas.model.RateStructure.Tou;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class MonthlyBillPropertiesTest {

    @Property
    void billWithoutCreditsOrMinimumFeeNeverDecreasesAsKwhGrows(
            @ForAll("tariffsWithoutCreditsOrMinimum") RateStructure rates,
            @ForAll @DoubleRange(min = 0, max = 5000) double some,
            @ForAll @DoubleRange(min = 0, max = 5000) double other,
            @ForAll @DoubleRange(min = 0, max = 1) double peakShare) {
        double low = Math.min(some, other);
        double high = Math.max(some, other);

        double lowBill = MonthlyBill.of(rates, low, peakShare * low);
        double highBill = MonthlyBill.of(rates, high, peakShare * high);

        // A relative 1e-12 allows for double rounding only, far below a cent.
        assertThat(highBill).isGreaterThanOrEqualTo(lowBill - 1e-12 * Math.max(1.0, lowBill));
    }

    @Property
    void billJustAboveATierBoundIsNotBelowTheBillAtTheBound(
            @ForAll("tiered") Energy energy, @ForAll @DoubleRange(min = 0, max = 1) double peakShare) {
        RateStructure rates = new RateStructure(0.0, energy, List.of(), null);
        for (Tier tier : ((Tiered) energy).tiers()) {
            if (tier.upToKwh() != null) {
                double bound = tier.upToKwh();
                double above = bound + 0.001;
                assertThat(MonthlyBill.of(rates, above, peakShare * above))
                        .isGreaterThanOrEqualTo(MonthlyBill.of(rates, bound, peakShare * bound));
            }
        }
    }

    @Provide
    Arbitrary<RateStructure> tariffsWithoutCreditsOrMinimum() {
        Arbitrary<Double> fee = Arbitraries.doubles().between(0, 50).ofScale(2);
        Arbitrary<Energy> energy = Arbitraries.oneOf(flat(), tou(), tiered());
        return Combinators.combine(fee, energy).as((monthlyFee, e) -> new RateStructure(monthlyFee, e, List.of(), null));
    }

    @Provide
    Arbitrary<Energy> tiered() {
        Arbitrary<Set<Double>> bounds = Arbitraries.doubles().between(1, 3000).ofScale(3).set().ofMaxSize(4);
        return bounds.flatMap(set -> rate().list().ofSize(set.size() + 1).map(rates -> tiers(set, rates)));
    }

    private static Energy tiers(Set<Double> bounds, List<Double> rates) {
        List<Double> sorted = bounds.stream().sorted().toList();
        List<Tier> tiers = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            tiers.add(new Tier(sorted.get(i), rates.get(i)));
        }
        tiers.add(new Tier(null, rates.get(sorted.size())));
        return new Tiered(tiers);
    }

    private static Arbitrary<Energy> flat() {
        return rate().map(Flat::new);
    }

    private static Arbitrary<Energy> tou() {
        return Combinators.combine(rate(), rate()).as(Tou::new);
    }

    private static Arbitrary<Double> rate() {
        return Arbitraries.doubles().between(0, 1).ofScale(4);
    }
}
