package io.treebeard.recommender.topology;

import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.UsageAnalysis;

/** What the processors emit: a usage analysis or a recommendation document (null value = tombstone), or a dead letter. */
sealed interface Output {

    /** A changed usage profile, or a tombstone (null), for {@code treebeard.usage-analysis}. */
    record Analysis(UsageAnalysis value) implements Output {
    }

    /** A changed document, or a tombstone, for {@code treebeard.recommendations}. */
    record Document(RecommendationDocument value) implements Output {
    }

    /** A dead letter for {@code treebeard.dlq.recommender}: work a processor could not do and skipped. */
    record Failure(DeadLetter value) implements Output {
    }
}
