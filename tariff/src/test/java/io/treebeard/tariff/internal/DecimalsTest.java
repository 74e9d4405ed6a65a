package io.treebeard.tariff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void shortestDecimalOfADoubleIsWhatItPrintsAs() {
        assertThat(Decimals.shortest(2.675)).isEqualByComparingTo("2.675");
        assertThat(Decimals.shortest(0.1 + 0.2)).isEqualByComparingTo("0.30000000000000004");
        assertThat(Decimals.shortest(1e23)).isEqualByComparingTo("1e23");
        assertThat(Decimals.shortest(0.0)).isEqualByComparingTo("0");
    }

    @Test
    void halfUpRoundsTheShortestDecimal() {
        assertThat(Decimals.halfUp(12.25, 1)).hasToString("12.3");
        assertThat(Decimals.roundHalfUp(121.66666666666666, 3)).isEqualTo(121.667);
    }

    @Property
    void shortestDecimalReadsBackAsTheSameDouble(@ForAll double value) {
        BigDecimal shortest = Decimals.shortest(value);

        assertThat(shortest.doubleValue()).isEqualTo(value == 0.0 ? 0.0 : value);
    }

    @Property
    void shortestDecimalIsTheNearestDecimalOfTheFewestDigitsThatReadsBack(@ForAll double value) {
        assertThat(Decimals.shortest(value)).isEqualByComparingTo(bySearchFromOneDigit(value));
    }

    @Property
    void shortestDecimalIsNoLongerThanDoubleToString(@ForAll double value) {
        BigDecimal shortest = Decimals.shortest(value);

        assertThat(shortest.stripTrailingZeros().precision())
                .isLessThanOrEqualTo(BigDecimal.valueOf(value).stripTrailingZeros().precision());
    }

    /** The definition, searched the slow way. */
    private static BigDecimal bySearchFromOneDigit(double value) {
        if (value == 0.0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; ; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == value) {
                return candidate;
            }
        }
    }
}
