package io.treebeard.schemas.topic;

import io.treebeard.schemas.event.CommitTimeHeader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.common.header.Headers;

/**
 * What one consumer group of this instance knows about its lag: the commit time of the last record it processed on
 * each partition (recorded by the consuming code, per record, without allocating once a partition was seen), and the
 * latest lag per topic, computed every few seconds by {@link GroupLagSampler}. Its topics are fixed up front so the
 * gauges exist from the start.
 */
public final class GroupLag {

    private final String group;
    private final List<String> topics;
    private final Map<String, AtomicLongArray> lastCommitMs = new ConcurrentHashMap<>();
    private final Map<String, ConsumerLag> latest = new ConcurrentHashMap<>();
    private volatile Progress progress = Progress.NONE;

    /** The lag of {@code group} on {@code topics}. */
    public GroupLag(String group, List<String> topics) {
        this.group = group;
        this.topics = List.copyOf(topics);
        for (String topic : this.topics) {
            latest.put(topic, ConsumerLag.UNKNOWN);
        }
    }

    /** The consumer group. */
    public String group() {
        return group;
    }

    /** The topics whose lag is reported. */
    public List<String> topics() {
        return topics;
    }

    /**
     * Records that the record at {@code partition} of {@code topic} with {@code headers} and {@code timestampMs} was
     * processed: its commit time is the header's, else the record timestamp.
     */
    public void processed(String topic, int partition, Headers headers, long timestampMs) {
        long commitMs = CommitTimeHeader.read(headers);
        processed(topic, partition, CommitTimeHeader.present(commitMs) ? commitMs : timestampMs);
    }

    /** Records the commit time of the last record processed at {@code partition} of {@code topic}. */
    public void processed(String topic, int partition, long commitMs) {
        AtomicLongArray times = lastCommitMs.get(topic);
        if (times == null || partition >= times.length()) {
            times = grow(topic, partition);
        }
        times.set(partition, commitMs);
    }

    /**
     * A bigger array for {@code topic}; rare (a partition beyond the ones seen). A write racing with the copy can be lost,
     * which only delays that partition's commit time to its next record: acceptable for a gauge, and it keeps the hot
     * path free of locks.
     */
    private synchronized AtomicLongArray grow(String topic, int partition) {
        AtomicLongArray times = lastCommitMs.get(topic);
        if (times != null && partition < times.length()) {
            return times;
        }
        AtomicLongArray bigger = new AtomicLongArray(Math.max(partition + 1, 2 * (times == null ? 4 : times.length())));
        for (int i = 0; i < bigger.length(); i++) {
            bigger.set(i, times != null && i < times.length() ? times.get(i) : CommitTimeHeader.NONE);
        }
        lastCommitMs.put(topic, bigger);
        return bigger;
    }

    /** Commit time of the last record processed at {@code partition} of {@code topic}, or {@link CommitTimeHeader#NONE}. */
    public long lastCommitMs(String topic, int partition) {
        AtomicLongArray times = lastCommitMs.get(topic);
        return times == null || partition >= times.length() ? CommitTimeHeader.NONE : times.get(partition);
    }

    /** The latest sampled lag on {@code topic} ({@link ConsumerLag#UNKNOWN} before the first sample). */
    public ConsumerLag lag(String topic) {
        return latest.getOrDefault(topic, ConsumerLag.UNKNOWN);
    }

    /** Stores a sampled lag; topics not reported by this group are ignored. */
    void update(String topic, ConsumerLag lag) {
        if (latest.containsKey(topic)) {
            latest.put(topic, lag);
        }
    }

    /** Where the whole group stood at the latest successful sample ({@link Progress#NONE} before the first). */
    public Progress progress() {
        return progress;
    }

    /** Stores the group's position and records behind over all of its topics, sampled at {@code atMs}. */
    void sampled(long position, long behind, long atMs) {
        progress = new Progress(position, behind, atMs);
    }

    /**
     * The group over all of its partitions at one sample: what a stall watch compares from sample to sample.
     *
     * @param position    the sum of the group's committed offsets (rises whenever the group commits progress)
     * @param behind      records between those offsets and the ends
     * @param sampledAtMs when the sample was taken, or -1 for none
     */
    public record Progress(long position, long behind, long sampledAtMs) {

        /** No sample yet. */
        public static final Progress NONE = new Progress(0, 0, -1);
    }
}
