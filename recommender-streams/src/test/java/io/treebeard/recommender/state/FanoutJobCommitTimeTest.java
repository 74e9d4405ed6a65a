package io.treebeard.recommender.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.json.JsonSerde;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanoutJobCommitTimeTest {

    @Test
    void aRestartedJobKeepsTheEarliestCommitTimeSoLatencyIsNeverUnderReported() {
        FanoutJob job = FanoutJob.start(List.of("region:R1"), 5_000L).visitedUpTo("R1|u-1");
        assertThat(job.restartedWith(List.of("region:R2"), 7_000L).commitMs()).isEqualTo(5_000L);
        assertThat(job.restartedWith(List.of("region:R2"), 3_000L).commitMs()).isEqualTo(3_000L);
        assertThat(job.restartedWith(List.of("region:R2"), null).commitMs()).isEqualTo(5_000L);
        assertThat(FanoutJob.start(List.of("region:R1"), null).restartedWith(List.of(), 9L).commitMs()).isEqualTo(9L);
        assertThat(job.nextScan().commitMs()).isEqualTo(5_000L);
        assertThat(FanoutJob.start(List.of("region:R1"), null).visitedUpTo("R1|u-1").restartedWith(List.of(), null).commitMs())
                .as("neither change carried the header").isNull();
    }

    @Test
    void aJobStoredBeforeTheFieldExistedReadsWithoutACommitTime() {
        JsonSerde<FanoutJob> serde = JsonSerde.of(FanoutJob.class);
        FanoutJob stored = FanoutJob.start(List.of("region:R1"), 42L);
        byte[] bytes = serde.serializer().serialize("t", stored);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(stored);
        String old = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replaceAll(",?\"commit_?[mM]s\":42", "");
        assertThat(old).doesNotContain("42");
        assertThat(serde.deserializer().deserialize("t", old.getBytes(java.nio.charset.StandardCharsets.UTF_8)).commitMs()).isNull();
    }
}
