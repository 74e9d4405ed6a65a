package io.treebeard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromHistogramTest {

    private static String scrape(int fast, int slow, int other) {
        return "# HELP treebeard_projector_redis_freshness_seconds x\n"
                + "treebeard_projector_redis_freshness_seconds_bucket{type=\"rec\",le=\"0.1\"} " + fast + "\n"
                + "treebeard_projector_redis_freshness_seconds_bucket{type=\"rec\",le=\"0.5\"} " + (fast + slow) + "\n"
                + "treebeard_projector_redis_freshness_seconds_bucket{type=\"rec\",le=\"+Inf\"} " + (fast + slow) + "\n"
                + "treebeard_projector_redis_freshness_seconds_bucket{type=\"usage\",le=\"0.1\"} " + other + "\n"
                + "treebeard_projector_redis_freshness_seconds_bucket{type=\"usage\",le=\"+Inf\"} " + other + "\n"
                + "treebeard_projector_redis_freshness_seconds_count{type=\"rec\"} " + (fast + slow) + "\n";
    }

    @Test
    void theDifferenceOfTwoScrapesIsTheStepsOwnHistogram() {
        PromHistogram before = PromHistogram.parse(scrape(1_000, 0, 0), "treebeard_projector_redis_freshness_seconds", l -> true);
        PromHistogram after = PromHistogram.parse(scrape(1_090, 10, 0), "treebeard_projector_redis_freshness_seconds", l -> true);
        PromHistogram step = after.minus(before);
        assertThat(step.count()).isEqualTo(100);
        assertThat(step.quantile(0.5)).isEqualTo(0.1);
        // 10 of the step's 100 were slow: its p99 is in the 0.5 s bucket, though the totals since start say 0.1 s.
        assertThat(step.quantile(0.99)).isEqualTo(0.5);
        assertThat(after.quantile(0.99)).isEqualTo(0.1);
    }

    @Test
    void seriesAreSummedOverTheLabelsTheFilterKeeps() {
        String text = scrape(10, 0, 5);
        assertThat(PromHistogram.parse(text, "treebeard_projector_redis_freshness_seconds", l -> true).count()).isEqualTo(15);
        assertThat(PromHistogram.parse(text, "treebeard_projector_redis_freshness_seconds", l -> l.contains("type=\"rec\"")).count())
                .isEqualTo(10);
    }

    @Test
    void aMissingMetricHasNoQuantile() {
        assertThat(PromHistogram.parse("", "treebeard_nothing_seconds", l -> true).quantile(0.99)).isNaN();
    }
}
