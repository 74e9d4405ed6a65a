package io.treebeard.schemas.event;

import io.treebeard.schemas.model.UsageReading;
import java.time.LocalDate;

/**
 * The value of {@code treebeard.usage}, keyed by user_id: one reading upserted or deleted. The topic is not compacted
 * (a user has many readings under one key), so every change is kept for the retention period.
 *
 * @param usageDate the reading's date, present for every operation
 * @param reading   the reading after the change; null for a delete
 */
public record UsageChange(ChangeOp op, String userId, LocalDate usageDate, UsageReading reading, SourcePosition source) {
}
