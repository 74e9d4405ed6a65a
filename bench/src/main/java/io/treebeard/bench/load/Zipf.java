package io.treebeard.bench.load;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Zipf-distributed ranks 0..n-1 (rank 0 the most popular) with exponent {@code s}, by inverse CDF lookup. */
public final class Zipf {

    private final double[] cdf;

    /** A distribution over {@code n} items with exponent {@code s} (the suite uses s = 1.1). */
    public Zipf(int n, double s) {
        if (n < 1 || s <= 0) {
            throw new IllegalArgumentException("n must be >= 1 and s > 0");
        }
        cdf = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, s);
            cdf[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
    }

    /** The next rank. */
    public int next(SplittableRandom random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }

    /** The probability of rank {@code k}. */
    public double probability(int k) {
        return k == 0 ? cdf[0] : cdf[k] - cdf[k - 1];
    }
}
