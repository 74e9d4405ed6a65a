package io.treebeard.ingest.capture;

/**
 * What else must be repaired after the capture re-snapshotted because changes may have been lost (see
 * {@link CaptureGap}). The capture itself re-publishes every current row and publishes a delete and a tombstone for
 * each plan and profile the snapshot no longer holds; readings deleted in the gap cannot be found that way (the
 * {@code treebeard.usage} topic is not compacted), so a per-user usage resync is plugged in here.
 *
 * <p>Called on the capture thread after the snapshot's rows and the reconciled deletes were acknowledged by Kafka and
 * before any later change is published. Throwing fails the batch: the engine restarts and the snapshot, and this call,
 * are repeated.
 */
@FunctionalInterface
public interface GapReconciler {

    /** Does nothing: the default until a usage resync is wired in. */
    GapReconciler NONE = (gap, snapshotLsn) -> {
    };

    /**
     * Repairs what the snapshot cannot.
     *
     * @param gap         why the capture re-snapshotted
     * @param snapshotLsn the LSN of the snapshot: every change after it is streamed normally
     */
    void reconcile(CaptureGap gap, long snapshotLsn) throws Exception;
}
