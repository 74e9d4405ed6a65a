package io.treebeard.recommender.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.event.SourcePosition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplaysTest {

    private static SourcePosition at(long lsn) {
        return new SourcePosition(lsn, null, Instant.EPOCH, false);
    }

    @Test
    void aChangeNotAfterTheLastAppliedLsnIsAReplay() {
        assertThat(Replays.isReplay(at(10), 10)).isTrue();
        assertThat(Replays.isReplay(at(9), 10)).isTrue();
        assertThat(Replays.isReplay(at(11), 10)).isFalse();
        assertThat(Replays.isReplay(at(0), Replays.NONE)).isFalse();
    }

    @Test
    void aChangeWithoutSourceIsAppliedAndDoesNotBlockLaterChanges() {
        assertThat(Replays.isReplay(null, 10)).isFalse();
        assertThat(Replays.after(null, 10)).isEqualTo(10);
        assertThat(Replays.isReplay(at(11), Replays.after(null, 10))).isFalse();
    }

    @Test
    void theLastAppliedLsnOnlyMovesForward() {
        assertThat(Replays.after(at(12), 10)).isEqualTo(12);
        assertThat(Replays.after(at(12), Replays.NONE)).isEqualTo(12);
    }
}
