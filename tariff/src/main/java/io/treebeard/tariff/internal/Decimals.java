package io.treebeard.tariff.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Conversions of doubles to decimals, shared by money, kWh and price rounding. */
public final class Decimals {

    /** Seventeen significant digits always identify a double uniquely. */
    private static final int MAX_DIGITS = 17;

    private static final MathContext[] CONTEXTS = new MathContext[MAX_DIGITS + 1];

    /** Powers of ten the fast rounding path scales by, all exact doubles. */
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    /**
     * Above this scaled magnitude the fast path gives way to the exact one. Below it, {@code |value| * 10^scale} as
     * computed in double is within 2^-51 relative (about 4.4e-7 absolute) of the shortest decimal scaled, well inside
     * {@link #TIE_GUARD}.
     */
    private static final double FAST_LIMIT = 1e9;

    /** How close to a half the scaled fraction may come before the exact path decides. */
    private static final double TIE_GUARD = 1e-6;

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

    /**
     * {@code value}, read as its {@link #shortest} decimal, rounded half-up to {@code scale} decimals; always equal
     * (same unscaled value and scale) to {@link #halfUpExact}.
     *
     * <p>Why a fast path: building the shortest decimal costs a few microseconds (BigDecimal division), which was about
     * a fifth of the CPU of a plan-change fan-out. Half-up rounding only depends on which side of a half the scaled
     * value lies, and the shortest decimal lies within half an ulp of the double, so away from a half the double
     * itself decides; only values within {@link #TIE_GUARD} of a half take the exact path.
     */
    public static BigDecimal halfUp(double value, int scale) {
        if (scale >= 0 && scale < POWERS.length) {
            double scaled = Math.abs(value) * POWERS[scale];
            // Also false for NaN, which the exact path rejects.
            if (scaled < FAST_LIMIT) {
                double whole = Math.floor(scaled);
                double fraction = scaled - whole;
                if (Math.abs(fraction - 0.5) > TIE_GUARD) {
                    long units = (long) whole + (fraction > 0.5 ? 1 : 0);
                    return BigDecimal.valueOf(value < 0 ? -units : units, scale);
                }
            }
        }
        return halfUpExact(value, scale);
    }

    /** {@link #halfUp} the slow, obviously right way: the {@link #shortest} decimal rounded by {@code BigDecimal}. */
    public static BigDecimal halfUpExact(double value, int scale) {
        return shortest(value).setScale(scale, RoundingMode.HALF_UP);
    }

    /** {@link #halfUp} back as a double, for figures the documents carry as numbers (kWh, confidence). */
    public static double roundHalfUp(double value, int scale) {
        return halfUp(value, scale).doubleValue();
    }
}
