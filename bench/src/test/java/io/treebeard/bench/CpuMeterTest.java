package io.treebeard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void aStatLineIsReadPastACommandNameWithSpacesAndParentheses() {
        String line = "4242 (redis-server *:6379) (x) S 17 4242 4242 0 -1 4194560 1030 0 0 0 250 75 3 4 20 0 5 0 1234 1 2 3";
        assertThat(CpuMeter.parseStat(line)).containsExactly(17, 250, 75, 3, 4);
    }

    @Test
    void thisProcessHasCpuTimeAndThreadsAreGroupedByName() {
        assertThat(CpuMeter.processTreeNanos(ProcessHandle.current().pid())).isPositive();
        assertThat(CpuMeter.group("data-plane-kafka-request-handler-3")).isEqualTo("broker");
        assertThat(CpuMeter.group("debezium-postgresconnector-treebeard-change-event-source-coordinator"))
                .isEqualTo("Debezium capture (ingest)");
        assertThat(CpuMeter.group("treebeard-recommender-3f1c-StreamThread-1")).isEqualTo("recommender");
        assertThat(CpuMeter.group("lettuce-nioEventLoop-4-1")).isEqualTo("projector");
        assertThat(CpuMeter.group("main")).isNull();
        Map<String, Long> snapshot = new CpuMeter().snapshot();
        assertThat(snapshot).containsKeys("broker", "recommender", "projector", CpuMeter.JVM_REST);
        assertThat(snapshot.get(CpuMeter.JVM_REST)).isPositive();
    }
}
