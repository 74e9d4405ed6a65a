package io.treebeard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SustainedRatePhaseTest {

    /** A step at {@code rate} whose probes all took {@code latencyMs}, with the given lag growth and losses. */
    private static SustainedRatePhase.Step step(int rate, double achieved, long latencyMs, double lagGrowth, long lost) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 100 - lost; i++) {
            h.recordValue(latencyMs);
        }
        return new SustainedRatePhase.Step(rate, achieved, rate * 60L, 100, 100 - lost, lost, h, new double[] {lagGrowth, 0.1}, true,
                Map.of(), Map.of("broker", 100.0, "recommender", 300.0));
    }

    @Test
    void aStepIsSustainedOnlyIfLagProbesAndLatencyAllPass() {
        assertThat(step(1_000, 1_000, 200, 0.5, 0).sustained()).isTrue();
        assertThat(step(1_000, 1_000, 300, 0.5, 0).sustained()).as("p99 over 250 ms at 1,000/s").isFalse();
        assertThat(step(2_000, 2_000, 300, 0.5, 0).sustained()).as("p99 goal is 500 ms above 1,000/s").isTrue();
        assertThat(step(2_000, 2_000, 300, 2.5, 0).sustained()).as("lag grew by 2.5 s of input").isFalse();
        assertThat(step(2_000, 2_000, 300, 0.5, 1).sustained()).as("one probe lost").isFalse();
        assertThat(step(2_000, 1_500, 300, 0.5, 0).sustained()).as("the load JVM could not feed the rate").isFalse();
        assertThat(step(2_000, 2_000, 300, 0.5, 0).ceiling()).isEqualTo(5_000);
    }

    @Test
    void theSearchStepsUpUntilAFailureRefinesOnceAndRunsTheGoalRates() throws Exception {
        List<Integer> run = new ArrayList<>();
        Map<Integer, SustainedRatePhase.Step> steps = SustainedRatePhase.search(rate -> {
            run.add(rate);
            return step(rate, rate, rate < 3_600 ? 100 : 900, 0.5, 0);
        });
        assertThat(run).containsExactly(500, 1_000, 2_000, 3_000, 4_000, 3_500, 5_000);
        assertThat(steps.keySet()).containsExactly(500, 1_000, 2_000, 3_000, 3_500, 4_000, 5_000);
    }

    @Test
    void aSearchThatFailsAtOnceStillRunsBothGoalRates() throws Exception {
        List<Integer> run = new ArrayList<>();
        SustainedRatePhase.search(rate -> {
            run.add(rate);
            return step(rate, rate, 5_000, 10, 3);
        });
        assertThat(run).containsExactly(500, 1_000, 5_000);
    }
}
