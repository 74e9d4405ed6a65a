package io.treebeard.schemas.event;

import java.time.Instant;
import java.util.Comparator;

/**
 * Where in the source database's history a change was committed. Consumers use it to detect duplicates after a
 * capture restart (at-least-once): for one key, a change whose position is not after the last one applied is a replay.
 *
 * @param lsn      the log sequence number of the change (pgoutput), or of the snapshot position for snapshot reads
 * @param txId     the committing transaction, null when unknown
 * @param commitTs the commit time of the transaction
 * @param snapshot true when the change was read by the initial snapshot rather than streamed
 */
public record SourcePosition(long lsn, Long txId, Instant commitTs, boolean snapshot) {

    /** Orders positions by LSN: the order in which Postgres committed them. */
    public static final Comparator<SourcePosition> BY_LSN = Comparator.comparingLong(SourcePosition::lsn);

    /** True when this position is strictly later in the source log than {@code other}. */
    public boolean isAfter(SourcePosition other) {
        return other == null || lsn > other.lsn;
    }
}
