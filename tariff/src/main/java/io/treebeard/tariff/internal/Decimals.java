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
        // Double.toString reads back, so its length (capped at 17: Java 17 can print 18 digits) bounds the shortest one.
        // Reading back is monotone in the length (the nearest decimal of n + 1 digits is at least as close as that of
        // n), so step down while it still holds.
        int digits = Math.min(BigDecimal.valueOf(value).stripTrailingZeros().precision(), MAX_DIGITS);
        BigDecimal shortest = exact.round(CONTEXTS[digits]);
        while (digits > 1) {
            BigDecimal shorter = exact.round(CONTEXTS[digits - 1]);
            if (shorter.doubleValue() != value) {
                break;
            }
            shortest = shorter;
            digits--;
        }
        return shortest.stripTrailingZeros();
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
