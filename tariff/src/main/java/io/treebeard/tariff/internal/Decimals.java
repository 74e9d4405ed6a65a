package io.treebeard.tariff.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Conversions of doubles to decimals, shared by money, kWh and price rounding. */
public final class Decimals {

    /** Seventeen significant digits always identify a double uniquely. */
    private static final int MAX_DIGITS = 17;

    private static final MathContext[] CONTEXTS = new MathContext[MAX_DIGITS + 1];

    static {
        for (int digits = 1; digits <= MAX_DIGITS; digits++) {
            CONTEXTS[digits] = new MathContext(digits, RoundingMode.HALF_EVEN);
        }
    }

    private Decimals() {
    }

    /**
     * The shortest decimal that reads back as {@code value}: what Python's {@code repr} and Java 19+'s
     * {@code Double.toString} print. Java 17's {@code Double.toString} (hence {@code BigDecimal.valueOf}) sometimes
     * prints one digit too many, which would make rounding depend on the JDK; this does not.
     *
     * @throws IllegalArgumentException for NaN and infinities
     */
    public static BigDecimal shortest(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        if (value == 0.0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits < MAX_DIGITS; digits++) {
            // The nearest decimal of that length reads back whenever any decimal of that length does.
            BigDecimal candidate = exact.round(CONTEXTS[digits]);
            if (candidate.doubleValue() == value) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(CONTEXTS[MAX_DIGITS]).stripTrailingZeros();
    }

    /** {@code value}, read as its {@link #shortest} decimal, rounded half-up to {@code scale} decimals. */
    public static BigDecimal halfUp(double value, int scale) {
        return shortest(value).setScale(scale, RoundingMode.HALF_UP);
    }

    /** {@link #halfUp} back as a double, for figures the documents carry as numbers (kWh, confidence). */
    public static double roundHalfUp(double value, int scale) {
        return halfUp(value, scale).doubleValue();
    }
}
