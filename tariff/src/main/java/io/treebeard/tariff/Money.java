package io.treebeard.tariff;

import io.treebeard.tariff.internal.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money rounding of contract sections 2 to 4: bills are computed in double precision and rounded half-up to cents only
 * where the contract says.
 *
 * <p>A double is rounded as the shortest decimal that reads back as it (what {@code BigDecimal.valueOf} gives on Java
 * 19+ and Python's {@code repr}), not as its exact binary value: the double nearest 2.675 is 2.67499999..., which
 * exact rounding would turn into 2.67 whereas anyone checking the bill to the cent expects 2.68. Noise that double
 * arithmetic itself leaves in a result (10 x 0.2345 = 2.3449999999999998) is kept: the contract prescribes double
 * precision, so that result rounds to 2.34.
 */
public final class Money {

    /** Zero dollars, with the scale of every money value of the documents. */
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private Money() {
    }

    /**
     * Rounds a dollar amount half-up to cents.
     *
     * @throws IllegalArgumentException for NaN and infinities
     */
    public static BigDecimal cents(double dollars) {
        return Decimals.halfUp(dollars, 2);
    }

    /** Rounds a decimal dollar amount half-up to cents. */
    public static BigDecimal cents(BigDecimal dollars) {
        return dollars.setScale(2, RoundingMode.HALF_UP);
    }

    /** A human-readable amount without sign, e.g. {@code $1432.10}, for free-text reasons. */
    public static String format(BigDecimal dollars) {
        return "$" + cents(dollars).abs().toPlainString();
    }
}
