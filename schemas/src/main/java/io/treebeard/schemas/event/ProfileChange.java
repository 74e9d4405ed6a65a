package io.treebeard.schemas.event;

import io.treebeard.schemas.model.UserProfile;

/**
 * The value of {@code treebeard.profiles}, keyed by user_id. Deletes are a change with {@code after} null followed by
 * a tombstone.
 *
 * @param before the row before the change when the source logged it, else null
 * @param after  the row after the change; null for a delete
 */
public record ProfileChange(ChangeOp op, String userId, UserProfile before, UserProfile after, SourcePosition source) {
}
