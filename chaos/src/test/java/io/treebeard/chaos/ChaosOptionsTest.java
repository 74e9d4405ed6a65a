package io.treebeard.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosOptionsTest {

    @Test
    void theFullSuiteRunsEveryFaultTwiceWithTheRequiredFuzzVolume() {
        ChaosOptions o = ChaosOptions.parse(new String[] {"chaos"});
        assertThat(o.faults()).containsExactly(Fault.values());
        assertThat(o.runsPerFault()).isEqualTo(2);
        assertThat(o.fuzzRequests()).isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void aSmokeRunIsSmaller() {
        ChaosOptions o = ChaosOptions.parse(new String[] {"chaos", "--scale", "0.2", "--faults", "redis_kill,KAFKA_RESTART"});
        assertThat(o.runsPerFault()).isEqualTo(1);
        assertThat(o.faults()).isEqualTo(List.of(Fault.REDIS_KILL, Fault.KAFKA_RESTART));
        assertThat(o.fuzzRequests()).isEqualTo(500);
    }

    @Test
    void unknownArgumentsAreRefused() {
        assertThatThrownBy(() -> ChaosOptions.parse(new String[] {"chaos", "--fast"})).isInstanceOf(IllegalArgumentException.class);
    }
}
