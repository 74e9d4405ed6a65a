package io.treebeard.recommender.state;

import io.treebeard.schemas.event.RecommendationDocument;

/**
 * The last document emitted for a user ({@code user-docs} store), null after the profile was deleted. The version
 * survives the delete, so a re-created user continues above it and versions never go backwards.
 */
public record DocState(RecommendationDocument document, long version) {
}
