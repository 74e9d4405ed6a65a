package io.treebeard.schemas.topic;

import io.treebeard.schemas.event.CommitTimeHeader;
import java.util.Collection;

/**
 * The lag of one consumer group on one topic, as the {@code treebeard.consumer.lag.*} gauges report it.
 *
 * @param records end offset minus the group's position, summed over the topic's partitions
 * @param seconds 0 when {@code records} is 0; otherwise now minus the commit time of the last record processed on the
 *                most-behind partition; NaN when that partition's last processed record is not known to this instance
 *                (nothing processed there since it started, e.g. another instance owns it)
 */
public record ConsumerLag(long records, double seconds) {

    /** Not sampled yet. */
    public static final ConsumerLag UNKNOWN = new ConsumerLag(-1, Double.NaN);

    /**
     * Where the group stands on one partition.
     *
     * @param end          the end offset a consumer can read to (the last stable offset for transactional topics)
     * @param position     the next offset the group will process (its committed offset, else the log start)
     * @param lastCommitMs commit time of the last record processed there ({@link CommitTimeHeader#NONE} if unknown)
     */
    public record Partition(int partition, long end, long position, long lastCommitMs) {

        /** Records behind on this partition, never negative. */
        public long behind() {
            return Math.max(0L, end - position);
        }
    }

    /** The lag over {@code partitions} at {@code nowMs}. Pure: the unit of the lag gauges' arithmetic. */
    public static ConsumerLag compute(Collection<Partition> partitions, long nowMs) {
        long records = 0;
        Partition mostBehind = null;
        for (Partition p : partitions) {
            records += p.behind();
            if (p.behind() > 0 && (mostBehind == null || p.behind() > mostBehind.behind())) {
                mostBehind = p;
            }
        }
        if (mostBehind == null) {
            return new ConsumerLag(records, 0.0);
        }
        long millis = CommitTimeHeader.millisSince(mostBehind.lastCommitMs(), nowMs);
        return new ConsumerLag(records, CommitTimeHeader.present(millis) ? millis / 1000.0 : Double.NaN);
    }

    /** The records gauge's value: NaN before the first sample. */
    public double recordsGauge() {
        return records < 0 ? Double.NaN : records;
    }
}
