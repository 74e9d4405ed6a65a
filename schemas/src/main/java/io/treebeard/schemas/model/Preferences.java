package io.treebeard.schemas.model;

/**
 * The {@code preferences} of a user profile (contract section 1); every key is optional.
 *
 * @param minRenewablePct   0..100; null means 0
 * @param maxContractMonths null means no limit
 * @param topN              1..20; null means {@link #DEFAULT_TOP_N}
 */
public record Preferences(Double minRenewablePct, Integer maxContractMonths, Integer topN) {

    /** How many recommendations a user gets when the profile does not say. */
    public static final int DEFAULT_TOP_N = 5;

    /** A profile without preferences. */
    public static final Preferences NONE = new Preferences(null, null, null);

    /** The effective minimum renewable share. */
    public double effectiveMinRenewablePct() {
        return minRenewablePct == null ? 0.0 : minRenewablePct;
    }

    /** The effective number of recommendations to keep. */
    public int effectiveTopN() {
        return topN == null ? DEFAULT_TOP_N : topN;
    }

    /** Whether a plan of this contract length is acceptable. */
    public boolean acceptsContractMonths(int contractMonths) {
        return maxContractMonths == null || contractMonths <= maxContractMonths;
    }
}
