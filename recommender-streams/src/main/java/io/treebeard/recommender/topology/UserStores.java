package io.treebeard.recommender.topology;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.state.AnalysisState;
import io.treebeard.recommender.state.DocState;
import io.treebeard.recommender.state.PlanState;
import io.treebeard.recommender.state.ProfileState;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.tariff.RecommendationDocuments;
import io.treebeard.tariff.Recommender;
import io.treebeard.tariff.UsageProfile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The state stores of one task and the one operation every processor needs: recompute a user's document from the
 * stores and keep it only when its content changed (no churn; the version rises by one per published change).
 */
final class UserStores {

    private static final StringSerializer PREFIX = new StringSerializer();

    final KeyValueStore<String, ProfileState> profiles;
    final KeyValueStore<String, UsageProfile> usageProfiles;
    final KeyValueStore<String, DocState> docs;
    final KeyValueStore<String, AnalysisState> analyses;
    final KeyValueStore<String, PlanState> catalog;
    final KeyValueStore<String, String> plansByRegion;
    final KeyValueStore<String, String> usersByRegion;
    final KeyValueStore<String, String> usersByCurrentPlan;
    private final Clock clock;
    private final RecommenderMetrics metrics;

    UserStores(ProcessorContext<?, ?> context, Clock clock, RecommenderMetrics metrics) {
        this.profiles = context.getStateStore(StoreNames.PROFILES);
        this.usageProfiles = context.getStateStore(StoreNames.USAGE_PROFILES);
        this.docs = context.getStateStore(StoreNames.USER_DOCS);
        this.analyses = context.getStateStore(StoreNames.USAGE_ANALYSES);
        this.catalog = context.getStateStore(StoreNames.PLAN_CATALOG);
        this.plansByRegion = context.getStateStore(StoreNames.PLANS_BY_REGION);
        this.usersByRegion = context.getStateStore(StoreNames.USERS_BY_REGION);
        this.usersByCurrentPlan = context.getStateStore(StoreNames.USERS_BY_CURRENT_PLAN);
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The profile of a known user, or null. */
    UserProfile profile(String userId) {
        ProfileState state = profiles.get(userId);
        return state == null ? null : state.profile();
    }

    /** The usage profile of a user ({@link UsageProfile#EMPTY} without readings). */
    UsageProfile usage(String userId) {
        UsageProfile usage = usageProfiles.get(userId);
        return usage == null ? UsageProfile.EMPTY : usage;
    }

    /**
     * Recomputes the document of {@code userId} from scratch. Returns the new document when its content differs from
     * the last one published (which it then replaces), empty when the user has no profile or nothing changed.
     */
    Optional<RecommendationDocument> recompute(String userId, RecommenderMetrics.Cause cause) {
        UserProfile profile = profile(userId);
        if (profile == null) {
            return Optional.empty();
        }
        return recompute(userId, profile, usage(userId), docs.get(userId), cause);
    }

    /**
     * {@link #recompute(String, RecommenderMetrics.Cause)} with the user's stored values already read by the caller.
     *
     * @param previous the user's entry of {@code user-docs}, or null
     */
    Optional<RecommendationDocument> recompute(String userId, UserProfile profile, UsageProfile usage, DocState previous,
            RecommenderMetrics.Cause cause) {
        metrics.recomputed(cause);
        long version = nextVersion(previous);
        return publish(userId, previous, Recommender.recommend(profile, usage, candidates(profile), version, clock.instant()));
    }

    /** The version the next document of a user gets ({@link Versions}). */
    long nextVersion(DocState previous) {
        return Versions.next(previous == null ? 0 : previous.version(), clock);
    }

    /**
     * Brings the user's usage analysis in line with {@code usage} and returns what to publish: a changed analysis, a
     * tombstone (an {@link Output.Analysis} holding null) when the user has neither a profile nor readings, or nothing.
     * A profile without readings publishes the zero analysis only when the user had one (its readings were deleted);
     * a new profile alone publishes none, the read API answers zeros for it (contract section 5).
     *
     * @param resync true for a resync from the source: publish even without a previous analysis in this store (after
     *               a reset the output topic and the caches still hold what was published before it)
     */
    Optional<Output.Analysis> settleAnalysis(String userId, UsageProfile usage, boolean resync) {
        return settleAnalysis(userId, profile(userId), usage, resync);
    }

    /** {@link #settleAnalysis(String, UsageProfile, boolean)} with the user's profile (or null) already read. */
    Optional<Output.Analysis> settleAnalysis(String userId, UserProfile profile, UsageProfile usage, boolean resync) {
        AnalysisState previous = analyses.get(userId);
        boolean live = previous != null && previous.live();
        long version = previous == null ? 0 : previous.version();
        boolean hasReadings = usage.hasReadings();
        if (!hasReadings && profile == null) {
            if (live || (resync && previous == null)) {
                analyses.put(userId, new AnalysisState(null, version));
                return Optional.of(new Output.Analysis(null));
            }
            return Optional.empty();
        }
        if (!hasReadings && !live && !resync) {
            return Optional.empty();
        }
        UsageAnalysis next = usage.toAnalysis(userId, Versions.next(version, clock));
        if (live && previous.analysis().equals(withVersion(next, previous.analysis().version()))) {
            return Optional.empty();
        }
        analyses.put(userId, new AnalysisState(next, next.version()));
        return Optional.of(new Output.Analysis(next));
    }

    private static UsageAnalysis withVersion(UsageAnalysis a, long version) {
        return new UsageAnalysis(a.userId(), version, a.asOf(), a.window(), a.annualKwh(), a.avgDailyKwh(), a.peakShare(),
                a.monthsWithData(), a.confidence());
    }

    /**
     * Keeps {@code next} (carrying {@link #nextVersion}) as the user's document when its content differs from the
     * last one published, and returns it; empty when nothing changed.
     */
    Optional<RecommendationDocument> publish(String userId, DocState previous, RecommendationDocument next) {
        long version = next.version();
        if (previous != null && previous.document() != null && RecommendationDocuments.sameContent(previous.document(), next)) {
            metrics.suppressed();
            return Optional.empty();
        }
        docs.put(userId, new DocState(next, version));
        metrics.emitted();
        return Optional.of(next);
    }

    /** The active plans of the user's region, plus the user's current plan wherever it is. */
    private List<Plan> candidates(UserProfile profile) {
        Map<String, Plan> plans = new LinkedHashMap<>();
        try (KeyValueIterator<String, String> it = plansByRegion.prefixScan(profile.region() + StoreNames.SEPARATOR, PREFIX)) {
            while (it.hasNext()) {
                PlanState state = catalog.get(it.next().value);
                if (state != null && state.plan() != null) {
                    plans.put(state.plan().planId(), state.plan());
                }
            }
        }
        if (profile.currentPlanId() != null && !plans.containsKey(profile.currentPlanId())) {
            PlanState current = catalog.get(profile.currentPlanId());
            if (current != null && current.plan() != null) {
                plans.put(current.plan().planId(), current.plan());
            }
        }
        return new ArrayList<>(plans.values());
    }
}
