package io.treebeard.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one load run measured.
 *
 * @param requests   completed exchanges in the measured window
 * @param errors     of those, error answers or failed exchanges
 * @param seconds    length of the measured window
 * @param latencyUs  latency in microseconds; for a fixed-rate run, from each request's intended start (coordinated
 *                   omission corrected)
 */
public record LoadResult(long requests, long errors, double seconds, Histogram latencyUs) {

    /** Completed exchanges per second. */
    public double throughput() {
        return requests / seconds;
    }

    /** A latency percentile in milliseconds. */
    public double percentileMs(double percentile) {
        return latencyUs.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The largest latency in milliseconds. */
    public double maxMs() {
        return latencyUs.getMaxValue() / 1000.0;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%,.0f req/s, errors %d, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                throughput(), errors, percentileMs(50), percentileMs(99), percentileMs(99.9), maxMs());
    }
}
