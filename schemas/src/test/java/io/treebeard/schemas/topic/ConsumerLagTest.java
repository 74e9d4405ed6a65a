package io.treebeard.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.event.CommitTimeHeader;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

    private static final long NOW = 1_000_000L;

    @Test
    void noLagIsZeroSecondsWhateverTheLastCommitTime() {
        ConsumerLag lag = ConsumerLag.compute(List.of(new ConsumerLag.Partition(0, 10, 10, NOW - 60_000),
                new ConsumerLag.Partition(1, 5, 5, CommitTimeHeader.NONE)), NOW);
        assertThat(lag).isEqualTo(new ConsumerLag(0, 0.0));
    }

    @Test
    void recordsAreSummedAndSecondsComeFromTheMostBehindPartition() {
        ConsumerLag lag = ConsumerLag.compute(List.of(
                new ConsumerLag.Partition(0, 110, 100, NOW - 1_500),
                new ConsumerLag.Partition(1, 50, 20, NOW - 4_250),
                new ConsumerLag.Partition(2, 7, 7, NOW - 90_000)), NOW);
        assertThat(lag.records()).isEqualTo(40);
        assertThat(lag.seconds()).isEqualTo(4.25);
    }

    @Test
    void aPositionPastTheEndCountsAsNoLag() {
        ConsumerLag lag = ConsumerLag.compute(List.of(new ConsumerLag.Partition(0, 10, 12, NOW)), NOW);
        assertThat(lag).isEqualTo(new ConsumerLag(0, 0.0));
    }

    @Test
    void anUnknownLastRecordOnTheMostBehindPartitionIsNaNSeconds() {
        ConsumerLag lag = ConsumerLag.compute(List.of(new ConsumerLag.Partition(0, 10, 0, CommitTimeHeader.NONE),
                new ConsumerLag.Partition(1, 10, 9, NOW - 1_000)), NOW);
        assertThat(lag.records()).isEqualTo(11);
        assertThat(lag.seconds()).isNaN();
    }

    @Test
    void aCommitTimeAfterNowIsZeroSecondsNotNegative() {
        ConsumerLag lag = ConsumerLag.compute(List.of(new ConsumerLag.Partition(0, 3, 1, NOW + 500)), NOW);
        assertThat(lag.seconds()).isZero();
    }

    @Test
    void recordsGaugeIsNaNBeforeTheFirstSample() {
        assertThat(ConsumerLag.UNKNOWN.recordsGauge()).isNaN();
        assertThat(new ConsumerLag(3, 0.5).recordsGauge()).isEqualTo(3.0);
    }

    @Test
    void groupLagKeepsTheHeaderCommitTimeElseTheTimestampPerPartition() {
        GroupLag lag = new GroupLag("g", List.of("t"));
        RecordHeaders headers = new RecordHeaders();
        CommitTimeHeader.write(headers, 42L);
        lag.processed("t", 0, headers, 99L);
        lag.processed("t", 9, new RecordHeaders(), 77L);
        assertThat(lag.lastCommitMs("t", 0)).isEqualTo(42L);
        assertThat(lag.lastCommitMs("t", 9)).isEqualTo(77L);
        assertThat(lag.lastCommitMs("t", 5)).isEqualTo(CommitTimeHeader.NONE);
        assertThat(lag.lastCommitMs("other", 0)).isEqualTo(CommitTimeHeader.NONE);
        assertThat(lag.lag("t")).isEqualTo(ConsumerLag.UNKNOWN);
        lag.update("t", new ConsumerLag(1, 2.0));
        lag.update("not-mine", new ConsumerLag(1, 2.0));
        assertThat(lag.lag("t")).isEqualTo(new ConsumerLag(1, 2.0));
        assertThat(lag.lag("not-mine")).isEqualTo(ConsumerLag.UNKNOWN);
    }
}
