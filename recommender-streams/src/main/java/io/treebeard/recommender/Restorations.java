package io.treebeard.recommender;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Counts state stores restoring from their changelogs right now: while one does, the group's committed position
 * stands still by design, and the stall watch must not take that for a stall.
 */
final class Restorations implements StateRestoreListener {

    private final AtomicInteger active = new AtomicInteger();

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        active.incrementAndGet();
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        // Progress within a restoration changes nothing here.
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        active.updateAndGet(n -> Math.max(0, n - 1));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        active.updateAndGet(n -> Math.max(0, n - 1));
    }

    boolean active() {
        return active.get() > 0;
    }
}
