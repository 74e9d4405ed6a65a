package io.treebeard.recommender.topology;

import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.UsageAnalysis;

/** What the processors emit: a usage analysis or a recommendation document (null document = tombstone). */
sealed interface Output {

    /** A changed usage profile for {@code treebeard.usage-analysis}. */
    record Analysis(UsageAnalysis value) implements Output {
    }

    /** A changed document, or a tombstone, for {@code treebeard.recommendations}. */
    record Document(RecommendationDocument value) implements Output {
    }
}
