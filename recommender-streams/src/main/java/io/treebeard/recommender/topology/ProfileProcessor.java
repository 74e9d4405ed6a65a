package io.treebeard.recommender.topology;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.state.DocState;
import io.treebeard.recommender.state.ProfileState;
import io.treebeard.schemas.event.ProfileChange;
import io.treebeard.schemas.model.UserProfile;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A profile changed: keep it (replays dropped by LSN), keep the region and current-plan indexes a plan change uses to
 * find the users it can affect, and recompute that user only. A deleted profile publishes a tombstone, and so does the
 * user's usage analysis when the user has no readings left either.
 */
final class ProfileProcessor implements Processor<String, ProfileChange, String, Output> {

    private final Clock clock;
    private final RecommenderMetrics metrics;
    private ProcessorContext<String, Output> context;
    private UserStores stores;

    ProfileProcessor(Clock clock, RecommenderMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Output> processorContext) {
        this.context = processorContext;
        this.stores = new UserStores(processorContext, clock, metrics);
    }

    @Override
    public void process(Record<String, ProfileChange> record) {
        ProfileChange change = record.value();
        if (change == null || record.key() == null) {
            return;
        }
        metrics.processed(RecommenderMetrics.Input.PROFILES);
        String userId = record.key();
        ProfileState previous = stores.profiles.get(userId);
        long lastApplied = previous == null ? Replays.NONE : previous.lsn();
        if (Replays.isReplay(change.source(), lastApplied)) {
            metrics.duplicate(RecommenderMetrics.Input.PROFILES);
            return;
        }
        UserProfile before = previous == null ? null : previous.profile();
        UserProfile after = change.op().isUpsert() ? change.after() : null;
        stores.profiles.put(userId, new ProfileState(after, Replays.after(change.source(), lastApplied)));
        reindex(userId, before, after);
        if (after == null) {
            stores.settleAnalysis(userId, stores.usage(userId), false).ifPresent(a -> context.forward(record.withValue(a)));
            DocState doc = stores.docs.get(userId);
            if (doc != null && doc.document() != null) {
                stores.docs.put(userId, new DocState(null, doc.version()));
                context.forward(record.withValue(new Output.Document(null)));
            }
            return;
        }
        stores.recompute(userId, RecommenderMetrics.Cause.PROFILE)
                .ifPresent(doc -> context.forward(record.withValue(new Output.Document(doc))));
    }

    private void reindex(String userId, UserProfile before, UserProfile after) {
        if (before != null) {
            stores.usersByRegion.delete(StoreNames.key(before.region(), userId));
            if (before.currentPlanId() != null) {
                stores.usersByCurrentPlan.delete(StoreNames.key(before.currentPlanId(), userId));
            }
        }
        if (after != null) {
            stores.usersByRegion.put(StoreNames.key(after.region(), userId), userId);
            if (after.currentPlanId() != null) {
                stores.usersByCurrentPlan.put(StoreNames.key(after.currentPlanId(), userId), userId);
            }
        }
    }
}
