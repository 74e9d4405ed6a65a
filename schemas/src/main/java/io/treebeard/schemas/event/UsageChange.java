package io.treebeard.schemas.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.treebeard.schemas.model.UsageReading;
import java.time.LocalDate;
import java.util.List;

/**
 * The value of {@code treebeard.usage}, keyed by user_id: one reading upserted or deleted, or a resync of all the
 * user's readings. The topic is not compacted (a user has many readings under one key), so every change is kept for
 * the retention period only; a resync (published by the reseed from PostgreSQL) restores what retention dropped.
 *
 * @param usageDate the reading's date, present for every operation but a resync (null there)
 * @param reading   the reading after the change; null for a delete and for a resync
 * @param resync    null for a reading change; for a resync ({@code op} {@code r}, {@code source.snapshot} true): the
 *                  user's complete list of readings as of {@code source.lsn}, empty when the user has none. It replaces
 *                  every reading a consumer applied at or before that LSN and keeps the later ones.
 */
public record UsageChange(ChangeOp op, String userId, LocalDate usageDate, UsageReading reading, SourcePosition source,
        List<UsageReading> resync) {

    @JsonCreator
    public UsageChange {
        resync = resync == null ? null : List.copyOf(resync);
    }

    /** A change of one reading. */
    public UsageChange(ChangeOp op, String userId, LocalDate usageDate, UsageReading reading, SourcePosition source) {
        this(op, userId, usageDate, reading, source, null);
    }

    /** The resync of {@code userId}: all its readings as of {@code source}. */
    public static UsageChange resync(String userId, List<UsageReading> readings, SourcePosition source) {
        return new UsageChange(ChangeOp.READ, userId, null, null, source, readings);
    }

    /** True for a resync record (not named {@code isResync}: that would be a second JSON property {@code resync}). */
    public boolean carriesResync() {
        return resync != null;
    }
}
