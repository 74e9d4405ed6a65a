package io.treebeard.recommender.state;

import io.treebeard.schemas.model.Plan;

/** A plan in the {@code plan-catalog} store with the LSN of its last change; {@code plan} is null once deleted. */
public record PlanState(Plan plan, long lsn) {
}
