package io.treebeard.recommender.topology;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.state.DocState;
import io.treebeard.recommender.state.PlanState;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.tariff.Recommender;
import io.treebeard.tariff.ScoredPlan;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A plan changed; every task receives it (broadcast repartition) and holds the whole catalog. Only the task's users
 * the change can affect are visited: users of the plan's old and new regions, and users whose current plan it is. For
 * each, the changed plan alone is re-scored against the stored top-N, and the user is recomputed only when the change
 * can alter the document.
 */
final class PlanProcessor implements Processor<String, PlanChange, String, Output> {

    private final Clock clock;
    private final RecommenderMetrics metrics;
    private ProcessorContext<String, Output> context;
    private UserStores stores;

    PlanProcessor(Clock clock, RecommenderMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Output> processorContext) {
        this.context = processorContext;
        this.stores = new UserStores(processorContext, clock, metrics);
    }

    @Override
    public void process(Record<String, PlanChange> record) {
        PlanChange change = record.value();
        if (change == null || record.key() == null) {
            return;
        }
        metrics.processed(RecommenderMetrics.Input.PLANS);
        String planId = record.key();
        PlanState previous = stores.catalog.get(planId);
        long lsn = change.source() == null ? Long.MAX_VALUE : change.source().lsn();
        if (previous != null && lsn <= previous.lsn()) {
            metrics.duplicate(RecommenderMetrics.Input.PLANS);
            return;
        }
        Plan before = previous == null ? null : previous.plan();
        Plan after = change.op().isUpsert() ? change.after() : null;
        stores.catalog.put(planId, new PlanState(after, lsn));
        reindex(planId, before, after);
        for (String userId : affectedUsers(planId, before, after)) {
            revisit(record, userId, planId, after);
        }
    }

    private void reindex(String planId, Plan before, Plan after) {
        if (before != null) {
            before.availableRegions().forEach(region -> stores.plansByRegion.delete(StoreNames.key(region, planId)));
        }
        if (after != null && after.isActive()) {
            after.availableRegions().forEach(region -> stores.plansByRegion.put(StoreNames.key(region, planId), planId));
        }
    }

    private Set<String> affectedUsers(String planId, Plan before, Plan after) {
        Set<String> regions = new LinkedHashSet<>();
        if (before != null) {
            regions.addAll(before.availableRegions());
        }
        if (after != null) {
            regions.addAll(after.availableRegions());
        }
        Set<String> users = new LinkedHashSet<>();
        regions.forEach(region -> users.addAll(UserStores.scan(stores.usersByRegion, region)));
        users.addAll(UserStores.scan(stores.usersByCurrentPlan, planId));
        return users;
    }

    private void revisit(Record<String, PlanChange> record, String userId, String planId, Plan after) {
        UserProfile profile = stores.profile(userId);
        if (profile == null) {
            return;
        }
        DocState doc = stores.docs.get(userId);
        if (doc != null && doc.document() != null) {
            ScoredPlan rescored = after == null ? null : Recommender.score(profile, stores.usage(userId), after);
            if (!Recommender.mayChange(doc.document(), profile, planId, rescored)) {
                metrics.skippedByTopN();
                return;
            }
        }
        stores.recompute(userId, RecommenderMetrics.Cause.PLAN)
                .ifPresent(next -> context.forward(new Record<>(userId,
                        new Output.Document(next), record.timestamp())));
    }
}
