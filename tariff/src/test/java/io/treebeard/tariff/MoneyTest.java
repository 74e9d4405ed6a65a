package io.treebeard.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void halfCentRoundsUp() {
        // 0.125 is exact in binary: a true tie, half-up gives 0.13
        assertThat(Money.cents(0.125)).isEqualByComparingTo("0.13").hasToString("0.13");
    }

    @Test
    void doubleIsRoundedAsTheDecimalItPrintsAsNotItsBinaryValue() {
        // The double nearest 2.675 is 2.67499999999999982236431605997495353221893310546875; it prints as 2.675 -> 2.68
        assertThat(new BigDecimal(2.675)).isLessThan(new BigDecimal("2.675"));
        assertThat(Money.cents(2.675)).hasToString("2.68");
        assertThat(Money.cents(1.005)).hasToString("1.01");
    }

    @Test
    void noiseLeftByDoubleArithmeticIsRoundedAsComputed() {
        // 10 x 0.2345 = 2.3449999999999998 in double precision, which the contract prescribes: 2.34
        assertThat(Money.cents(10 * 0.2345)).hasToString("2.34");
        // 0.1 + 0.2 = 0.30000000000000004 -> 0.30
        assertThat(Money.cents(0.1 + 0.2)).hasToString("0.30");
    }

    @Test
    void everyAmountHasTwoDecimals() {
        assertThat(Money.cents(365.0)).hasToString("365.00");
        assertThat(Money.cents(0.0)).hasToString("0.00");
        assertThat(Money.cents(-0.0)).hasToString("0.00");
        assertThat(Money.cents(new BigDecimal("150"))).hasToString("150.00");
    }

    @Test
    void negativeHalfCentRoundsAwayFromZero() {
        assertThat(Money.cents(-0.125)).hasToString("-0.13");
    }

    @Test
    void nonFiniteAmountIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Money.cents(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> Money.cents(Double.POSITIVE_INFINITY));
    }

    @Test
    void formatShowsDollarsWithoutSign() {
        assertThat(Money.format(new BigDecimal("222.1"))).isEqualTo("$222.10");
        assertThat(Money.format(new BigDecimal("-5.00"))).isEqualTo("$5.00");
    }
}
