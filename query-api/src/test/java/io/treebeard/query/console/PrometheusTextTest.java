package io.treebeard.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsSamplesWithLabelsEscapesAndSpecialValues() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("""
                # HELP treebeard_projector_writes_total Redis writes
                # TYPE treebeard_projector_writes_total counter
                treebeard_projector_writes_total{outcome="written",type="rec"} 42.0
                treebeard_consumer_lag_seconds{group="g \\"1\\"",topic="t"} NaN
                up 1
                broken{label=unquoted} 3
                treebeard_x_bucket{le="+Inf"} +Inf 1700000000000
                """);

        assertThat(samples).hasSize(4);
        assertThat(samples.get(0).name()).isEqualTo("treebeard_projector_writes_total");
        assertThat(samples.get(0).label("outcome")).isEqualTo("written");
        assertThat(samples.get(0).value()).isEqualTo(42.0);
        assertThat(samples.get(1).label("group")).isEqualTo("g \"1\"");
        assertThat(samples.get(1).value()).isNaN();
        assertThat(samples.get(2).labels()).isEmpty();
        assertThat(samples.get(3).value()).isInfinite();
    }

    @Test
    void quantileInterpolatesInsideTheBucketLikeHistogramQuantile() {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        cumulative.put(0.1, 50.0);
        cumulative.put(0.2, 90.0);
        cumulative.put(0.5, 100.0);
        cumulative.put(Double.POSITIVE_INFINITY, 100.0);

        assertThat(PipelineStatus.quantile(cumulative, 0.5)).isEqualTo(0.1);
        assertThat(PipelineStatus.quantile(cumulative, 0.99)).isCloseTo(0.47, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(PipelineStatus.quantile(new TreeMap<>(), 0.5)).isNull();
    }
}
