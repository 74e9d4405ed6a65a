package io.treebeard.recommender.lifecycle;

import io.treebeard.schemas.topic.GroupLag;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Decides when the Kafka Streams client must be replaced because its consumer group stopped making progress while
 * records wait: the group's committed position has not moved for the timeout, its lag is above zero, no state store
 * is restoring, and the lag sample is fresh (a broker that cannot be reached is waited for, not restarted against).
 * An {@code ERROR} state is a restart at once.
 *
 * <p>Why it exists: after a kill -9 of the only broker, the chaos suite saw a stream thread fenced on commit
 * ({@code TaskMigratedException}) rejoin the group and then never be assigned work again, with lag flat for minutes.
 * A fresh client (new consumer, new producer, same state directory) resumes from the committed offsets, which is what
 * exactly-once already guarantees a restart may do.
 *
 * <p>Pure and single-threaded: the caller feeds it observations on a schedule.
 */
public final class StallWatch {

    /** What the caller should do after an observation. */
    public enum Verdict { OK, RESTART }

    private final long timeoutMs;
    private long lastPosition = Long.MIN_VALUE;
    private long stuckSinceMs = Long.MIN_VALUE;

    /** A watch that restarts after {@code timeout} without progress; {@link Duration#ZERO} only restarts on ERROR. */
    public StallWatch(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("stall timeout must not be negative: " + timeout);
        }
        this.timeoutMs = timeout.toMillis();
    }

    /** One observation at {@code nowMs}. */
    public Verdict observe(long nowMs, KafkaStreams.State state, boolean restoring, GroupLag.Progress progress) {
        if (state == KafkaStreams.State.ERROR) {
            reset(nowMs, progress);
            return Verdict.RESTART;
        }
        boolean watched = timeoutMs > 0 && state.isRunningOrRebalancing() && !restoring && progress.sampledAtMs() >= 0
                && nowMs - progress.sampledAtMs() <= timeoutMs && progress.behind() > 0;
        if (!watched || progress.position() != lastPosition || stuckSinceMs == Long.MIN_VALUE) {
            reset(nowMs, progress);
            return Verdict.OK;
        }
        if (nowMs - stuckSinceMs >= timeoutMs) {
            reset(nowMs, progress);
            return Verdict.RESTART;
        }
        return Verdict.OK;
    }

    /** Milliseconds the group has been without progress at {@code nowMs} (0 when it is not stuck). */
    public long stuckForMs(long nowMs) {
        return stuckSinceMs == Long.MIN_VALUE ? 0 : Math.max(0, nowMs - stuckSinceMs);
    }

    private void reset(long nowMs, GroupLag.Progress progress) {
        lastPosition = progress.position();
        stuckSinceMs = nowMs;
    }
}
