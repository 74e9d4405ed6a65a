package io.treebeard.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The cumulative buckets of one Prometheus histogram ({@code <name>_bucket{..., le="x"} n}) summed over the series a
 * filter keeps, as read from a service's {@code /actuator/prometheus}. Two scrapes subtracted give the histogram of what
 * happened between them, so a percentile belongs to one load step and not to everything since the service started.
 */
record PromHistogram(TreeMap<Double, Double> cumulative) {

    /** The buckets of {@code metric} (base name, without {@code _bucket}) in {@code text}, series kept by {@code labels}. */
    static PromHistogram parse(String text, String metric, Predicate<String> labels) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String prefix = metric + "_bucket{";
        for (String line : text.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labelText = line.substring(prefix.length(), close);
            if (!labels.test(labelText)) {
                continue;
            }
            int le = labelText.indexOf("le=\"");
            String bound = labelText.substring(le + 4, labelText.indexOf('"', le + 4));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            double count = Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]);
            buckets.merge(upper, count, Double::sum);
        }
        return new PromHistogram(buckets);
    }

    /** What was recorded after {@code earlier} and up to this scrape. */
    PromHistogram minus(PromHistogram earlier) {
        TreeMap<Double, Double> diff = new TreeMap<>();
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            diff.put(bucket.getKey(), bucket.getValue() - earlier.cumulative.getOrDefault(bucket.getKey(), 0.0));
        }
        return new PromHistogram(diff);
    }

    /** Observations counted. */
    double count() {
        return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }

    /**
     * The {@code q} quantile (0..1) as the upper bound of the bucket it falls in, so it never under-reports; NaN
     * without observations, infinite when it falls past the last finite bucket.
     */
    double quantile(double q) {
        double total = count();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
