package io.treebeard.recommender.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.recommender.lifecycle.StallWatch.Verdict;
import io.treebeard.schemas.topic.GroupLag.Progress;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StallWatchTest {

    private static final long T = 120_000;
    private final StallWatch watch = new StallWatch(Duration.ofMillis(T));

    private static Progress at(long position, long behind, long sampledAtMs) {
        return new Progress(position, behind, sampledAtMs);
    }

    @Test
    void aGroupWhosePositionStaysPutWithRecordsBehindIsRestartedAfterTheTimeout() {
        assertThat(watch.observe(0, State.RUNNING, false, at(100, 50, 0))).isEqualTo(Verdict.OK);
        assertThat(watch.observe(T - 1, State.RUNNING, false, at(100, 50, T - 1))).isEqualTo(Verdict.OK);
        assertThat(watch.stuckForMs(T - 1)).isEqualTo(T - 1);
        assertThat(watch.observe(T, State.REBALANCING, false, at(100, 60, T))).isEqualTo(Verdict.RESTART);
        // The next restart waits another full timeout.
        assertThat(watch.observe(T + 1, State.RUNNING, false, at(100, 60, T + 1))).isEqualTo(Verdict.OK);
        assertThat(watch.observe(2 * T, State.RUNNING, false, at(100, 60, 2 * T))).isEqualTo(Verdict.RESTART);
    }

    @Test
    void anyMoveOfThePositionRestartsTheClock() {
        watch.observe(0, State.RUNNING, false, at(100, 50, 0));
        assertThat(watch.observe(T - 10, State.RUNNING, false, at(101, 50, T - 10))).isEqualTo(Verdict.OK);
        assertThat(watch.observe(T + 10, State.RUNNING, false, at(101, 50, T + 10))).isEqualTo(Verdict.OK);
        assertThat(watch.observe(2 * T - 10, State.RUNNING, false, at(101, 50, 2 * T - 10))).isEqualTo(Verdict.RESTART);
    }

    @Test
    void aGroupWithNothingBehindIsNeverStalled() {
        watch.observe(0, State.RUNNING, false, at(100, 0, 0));
        assertThat(watch.observe(10 * T, State.RUNNING, false, at(100, 0, 10 * T))).isEqualTo(Verdict.OK);
        assertThat(watch.stuckForMs(10 * T)).isZero();
    }

    @Test
    void restoringStoresAndStaleSamplesAreWaitedFor() {
        watch.observe(0, State.RUNNING, false, at(100, 50, 0));
        assertThat(watch.observe(T, State.REBALANCING, true, at(100, 50, T))).isEqualTo(Verdict.OK);
        // The broker cannot be reached: the last good sample ages, and a new client would not help.
        assertThat(watch.observe(3 * T, State.RUNNING, false, at(100, 50, T))).isEqualTo(Verdict.OK);
        assertThat(watch.observe(3 * T + 1, State.RUNNING, false, at(100, 50, 3 * T + 1))).isEqualTo(Verdict.OK);
        assertThat(watch.observe(4 * T + 1, State.RUNNING, false, at(100, 50, 4 * T + 1))).isEqualTo(Verdict.RESTART);
    }

    @Test
    void noSampleYetIsNotAStall() {
        assertThat(watch.observe(0, State.RUNNING, false, Progress.NONE)).isEqualTo(Verdict.OK);
        assertThat(watch.observe(5 * T, State.RUNNING, false, Progress.NONE)).isEqualTo(Verdict.OK);
    }

    @Test
    void theErrorStateIsARestartAtOnceEvenWhenTheWatchIsOff() {
        StallWatch off = new StallWatch(Duration.ZERO);
        assertThat(off.observe(0, State.ERROR, false, Progress.NONE)).isEqualTo(Verdict.RESTART);
        off.observe(0, State.RUNNING, false, at(100, 50, 0));
        assertThat(off.observe(100 * T, State.RUNNING, false, at(100, 50, 100 * T))).isEqualTo(Verdict.OK);
    }

    @Test
    void aNegativeTimeoutIsRefused() {
        assertThatThrownBy(() -> new StallWatch(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stall timeout");
    }
}
