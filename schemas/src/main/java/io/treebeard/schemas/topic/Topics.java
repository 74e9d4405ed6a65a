package io.treebeard.schemas.topic;

import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.json.JsonSerde;
import io.treebeard.schemas.topic.Topic.Cleanup;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of contract section 7. Topic names are part of the operators' contract: they are declared here and
 * nowhere else.
 */
public final class Topics {

    private static final Serde<String> KEY = Serdes.String();

    /** Plan catalog changes, keyed by plan_id; deletes end with a tombstone. */
    public static final Topic<String, PlanChange> PLANS =
            new Topic<>("treebeard.plans", KEY, JsonSerde.of(PlanChange.class), Cleanup.COMPACT);

    /** User profile changes, keyed by user_id; deletes end with a tombstone. */
    public static final Topic<String, ProfileChange> PROFILES =
            new Topic<>("treebeard.profiles", KEY, JsonSerde.of(ProfileChange.class), Cleanup.COMPACT);

    /** Usage reading upserts and deletes, keyed by user_id. */
    public static final Topic<String, UsageChange> USAGE =
            new Topic<>("treebeard.usage", KEY, JsonSerde.of(UsageChange.class), Cleanup.DELETE);

    /** The latest usage profile per user, keyed by user_id. */
    public static final Topic<String, UsageAnalysis> USAGE_ANALYSIS =
            new Topic<>("treebeard.usage-analysis", KEY, JsonSerde.of(UsageAnalysis.class), Cleanup.COMPACT);

    /** The latest recommendation document per user, keyed by user_id. */
    public static final Topic<String, RecommendationDocument> RECOMMENDATIONS =
            new Topic<>("treebeard.recommendations", KEY, JsonSerde.of(RecommendationDocument.class), Cleanup.COMPACT);

    /** Changes the capture could not map, keyed as received. */
    public static final Topic<String, DeadLetter> DLQ_INGEST = deadLetters("ingest");

    /** Records the stream application could not process. */
    public static final Topic<String, DeadLetter> DLQ_RECOMMENDER = deadLetters("recommender");

    /** Records the cache projector could not project. */
    public static final Topic<String, DeadLetter> DLQ_PROJECTOR = deadLetters("projector");

    /** All topics, in pipeline order. */
    public static final List<Topic<String, ?>> ALL =
            List.of(PLANS, PROFILES, USAGE, USAGE_ANALYSIS, RECOMMENDATIONS, DLQ_INGEST, DLQ_RECOMMENDER, DLQ_PROJECTOR);

    private Topics() {
    }

    private static Topic<String, DeadLetter> deadLetters(String stage) {
        return new Topic<>("treebeard.dlq." + stage, KEY, JsonSerde.of(DeadLetter.class), Cleanup.DELETE);
    }
}
