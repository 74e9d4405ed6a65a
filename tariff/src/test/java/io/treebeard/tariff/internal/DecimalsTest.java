package io.treebeard.tariff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
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

    @Property(tries = 5000)
    void fastHalfUpEqualsTheExactRoundingOfAnyDouble(@ForAll double value, @ForAll @IntRange(min = 0, max = 12) int scale) {
        assertThat(Decimals.halfUp(value, scale)).isEqualTo(Decimals.halfUpExact(value, scale));
    }

    @Property(tries = 5000)
    void fastHalfUpEqualsTheExactRoundingNextToHalves(@ForAll @LongRange(min = -100_000_000L, max = 100_000_000L) long units,
            @ForAll @IntRange(min = 0, max = 4) int scale, @ForAll @IntRange(min = -3, max = 3) int ulps) {
        // units + 0.5 at one more decimal: 2.675, 0.125, -1.005 ... and their neighbouring doubles.
        double half = new BigDecimal(units).add(new BigDecimal("0.5")).scaleByPowerOfTen(-scale).doubleValue();
        double value = half;
        for (int i = 0; i < Math.abs(ulps); i++) {
            value = ulps > 0 ? Math.nextUp(value) : Math.nextDown(value);
        }
        assertThat(Decimals.halfUp(value, scale)).isEqualTo(Decimals.halfUpExact(value, scale));
    }

    @Property(tries = 5000)
    void fastHalfUpEqualsTheExactRoundingOfBillLikeSums(@ForAll @IntRange(min = 0, max = 5_000) int kwh,
            @ForAll @IntRange(min = 1, max = 40_000) int rateTenthsOfMill, @ForAll @IntRange(min = 0, max = 2_000) int feeCents) {
        double bill = feeCents / 100.0 + kwh * (rateTenthsOfMill / 100_000.0);
        double annual = 0.0;
        for (int m = 0; m < 12; m++) {
            annual += bill + m * 0.001;
        }
        assertThat(Decimals.halfUp(bill, 2)).isEqualTo(Decimals.halfUpExact(bill, 2));
        assertThat(Decimals.halfUp(annual, 2)).isEqualTo(Decimals.halfUpExact(annual, 2));
        assertThat(Decimals.halfUp(annual, 3)).isEqualTo(Decimals.halfUpExact(annual, 3));
    }

    @Test
    void fastHalfUpAgreesOnEdgeCases() {
        double[] values = {0.0, -0.0, 2.675, 1.005, 0.125, -0.125, 0.005, -0.005, 0.0049999999999999, 1e-300, -1e-300,
            Double.MIN_VALUE, 9_999_999.995, 10_000_000.005, 1e9, 1e15 + 0.5, 4503599627370495.5, Double.MAX_VALUE,
            -Double.MAX_VALUE, 10 * 0.2345, 0.1 + 0.2, 1234.5649999999998, 1234.565};
        for (double value : values) {
            for (int scale = 0; scale <= 10; scale++) {
                assertThat(Decimals.halfUp(value, scale)).as("%s at %d", value, scale).isEqualTo(Decimals.halfUpExact(value, scale));
            }
        }
        assertThat(Decimals.halfUp(2.675, 2)).hasToString("2.68");
        assertThat(Decimals.halfUp(-0.004, 2)).hasToString("0.00");
    }

    @Test
    void fastHalfUpStillRejectsNonFiniteValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Decimals.halfUp(Double.NaN, 2))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Decimals.halfUp(Double.POSITIVE_INFINITY, 2))
                .isInstanceOf(IllegalArgumentException.class);
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
