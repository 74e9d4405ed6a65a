package io.treebeard.schemas.event;

import io.treebeard.schemas.model.Plan;

/**
 * The value of {@code treebeard.plans}, keyed by plan_id. A delete is published as a change with {@code after} null
 * followed by a tombstone, so that consumers see the LSN of the delete and compaction can drop the key.
 *
 * @param before the row before the change when the source logged it (replica identity full), else null
 * @param after  the row after the change; null for a delete
 */
public record PlanChange(ChangeOp op, String planId, Plan before, Plan after, SourcePosition source) {
}
