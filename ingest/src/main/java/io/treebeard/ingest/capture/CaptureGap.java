package io.treebeard.ingest.capture;

import java.time.Instant;

/**
 * Why the capture takes a full snapshot although it may already have published rows: the changes between what it last
 * published and the snapshot may be lost, deletes included.
 *
 * @param cause          what was found at start
 * @param slotName       the replication slot
 * @param storedLsn      the highest LSN of the stored engine offset, null when there is none
 * @param slotFlushedLsn the slot's {@code confirmed_flush_lsn} when found, else null
 * @param slotRestartLsn the slot's {@code restart_lsn} when found, else null
 * @param detectedAt     when the capture found it
 */
public record CaptureGap(Cause cause, String slotName, Long storedLsn, Long slotFlushedLsn, Long slotRestartLsn,
        Instant detectedAt) {

    /** What made the capture re-snapshot. */
    public enum Cause {
        /** An offset is stored but the slot does not exist (dropped, or lost with a failover or upgrade). */
        SLOT_MISSING,
        /** The slot exists but starts after the stored offset (recreated, or advanced by hand): WAL in between is gone. */
        SLOT_AHEAD_OF_OFFSET,
        /** The slot exists but PostgreSQL removed WAL it still needed ({@code wal_status = 'lost'}). */
        SLOT_INVALIDATED,
        /** No offset is stored (first start, or offsets deleted by an operator) while the topics may hold rows. */
        NO_STORED_OFFSET,
        /** Debezium took a full snapshot the capture did not plan, e.g. one restarted after a crash mid-snapshot. */
        SNAPSHOT_OBSERVED
    }

    /** True when the capture itself found the stored offset unservable (a lost slot position). */
    public boolean slotLost() {
        return cause == Cause.SLOT_MISSING || cause == Cause.SLOT_AHEAD_OF_OFFSET || cause == Cause.SLOT_INVALIDATED;
    }

    /** A log-friendly description. */
    public String describe() {
        return cause + " (slot '" + slotName + "', stored offset LSN " + Lsns.format(storedLsn) + ", slot confirmed_flush_lsn "
                + Lsns.format(slotFlushedLsn) + ", restart_lsn " + Lsns.format(slotRestartLsn) + ")";
    }
}
