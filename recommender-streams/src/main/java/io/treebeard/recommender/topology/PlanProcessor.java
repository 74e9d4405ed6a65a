package io.treebeard.recommender.topology;

import io.treebeard.recommender.errors.DeadLetters;
import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.state.DocState;
import io.treebeard.recommender.state.FanoutJob;
import io.treebeard.recommender.state.PlanState;
import io.treebeard.schemas.event.CommitTimeHeader;
import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.event.PlanChange;
import io.treebeard.schemas.event.RecommendationDocument;
import io.treebeard.schemas.model.Plan;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.tariff.Recommender;
import io.treebeard.tariff.UsageProfile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plan changed; every task receives it (broadcast repartition) and holds the whole catalog. Only the task's users
 * the change can affect are visited: users of the plan's old and new regions, and users whose current plan it is. For
 * each, the changed plan alone is re-scored and spliced into the stored top-N ({@link Recommender#rescoreOne}); the
 * user is recomputed over the whole catalog only when the stored list cannot tell the result (the plan is the user's
 * current plan, or it left a full list).
 *
 * <p>The visit is a {@link FanoutJob} worked off by a wall-clock punctuator in slices of at most
 * {@link #SLICE} users, so a change reaching 100,000 users is spread over many short transactions instead of one long
 * one that would outlive the transaction timeout.
 */
final class PlanProcessor implements Processor<String, PlanChange, String, Output> {

    /** Users visited per punctuation and task. */
    static final int SLICE = 2_000;

    /** The smallest slice a pending job gets per punctuation, however many jobs are pending. */
    static final int MIN_SHARE = 100;

    /** How often pending fan-outs make progress. */
    static final Duration INTERVAL = Duration.ofMillis(10);

    private static final Logger LOG = LoggerFactory.getLogger(PlanProcessor.class);

    private static final String REGION = "region:";
    private static final String CURRENT = "current:";

    private final Clock clock;
    private final RecommenderMetrics metrics;
    private ProcessorContext<String, Output> context;
    private UserStores stores;
    private KeyValueStore<String, FanoutJob> jobs;
    /** Jobs in {@link #jobs} as of the last punctuation, kept for the pending-fan-out gauge. */
    private int pendingJobs;

    PlanProcessor(Clock clock, RecommenderMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Output> processorContext) {
        this.context = processorContext;
        this.stores = new UserStores(processorContext, clock, metrics);
        this.jobs = processorContext.getStateStore(StoreNames.PLAN_FANOUT);
        processorContext.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> workOff());
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
        long lastApplied = previous == null ? Replays.NONE : previous.lsn();
        if (Replays.isReplay(change.source(), lastApplied)) {
            metrics.duplicate(RecommenderMetrics.Input.PLANS);
            return;
        }
        Plan before = previous == null ? null : previous.plan();
        Plan after = change.op().isUpsert() ? change.after() : null;
        stores.catalog.put(planId, new PlanState(after, Replays.after(change.source(), lastApplied)));
        reindex(planId, before, after);
        List<String> scans = scans(planId, before, after);
        FanoutJob pending = jobs.get(planId);
        long commitMs = CommitTimeHeader.read(record.headers());
        Long changeCommitMs = CommitTimeHeader.present(commitMs) ? commitMs : null;
        jobs.put(planId, pending == null ? FanoutJob.start(scans, changeCommitMs) : pending.restartedWith(scans, changeCommitMs));
        if (pending == null) {
            pendingJobs++;
            metrics.pendingFanouts(task(), pendingJobs);
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

    private static List<String> scans(String planId, Plan before, Plan after) {
        Set<String> scans = new LinkedHashSet<>();
        if (before != null) {
            before.availableRegions().forEach(r -> scans.add(REGION + r));
        }
        if (after != null) {
            after.availableRegions().forEach(r -> scans.add(REGION + r));
        }
        scans.add(CURRENT + planId);
        return new ArrayList<>(scans);
    }

    /**
     * Visits at most {@link #SLICE} users of the pending jobs, shared fairly between them so a plan that keeps
     * changing cannot starve the fan-out of the others, saving where each job stopped.
     */
    void workOff() {
        List<KeyValue<String, FanoutJob>> pending = new ArrayList<>();
        try (KeyValueIterator<String, FanoutJob> it = jobs.all()) {
            it.forEachRemaining(pending::add);
        }
        int share = Math.max(MIN_SHARE, SLICE / Math.max(1, pending.size()));
        int budget = SLICE;
        int finished = 0;
        for (KeyValue<String, FanoutJob> entry : pending) {
            if (budget <= 0) {
                break;
            }
            int allowed = Math.min(share, budget);
            int left = advance(entry.key, entry.value, allowed);
            budget -= allowed - left;
            if (left > 0) {
                finished++; // a job returns unused budget only when it is done
            }
        }
        if (pending.size() != pendingJobs || finished > 0) {
            pendingJobs = pending.size() - finished;
            metrics.pendingFanouts(task(), pendingJobs);
        }
    }

    private String task() {
        return context.taskId().toString();
    }

    @Override
    public void close() {
        metrics.pendingFanouts(task(), 0);
    }

    private int advance(String planId, FanoutJob job, int budget) {
        FanoutJob current = job;
        int left = budget;
        while (!current.done() && left > 0) {
            String scan = current.prefixes().get(current.prefixIndex());
            KeyValueStore<String, String> index = scan.startsWith(REGION) ? stores.usersByRegion : stores.usersByCurrentPlan;
            String prefix = scan.substring(scan.indexOf(':') + 1) + StoreNames.SEPARATOR;
            String from = current.lastKey() == null ? prefix : current.lastKey() + "\u0000";
            // The catalog does not change during a punctuation: read the changed plan once, not once per user.
            PlanState state = stores.catalog.get(planId);
            try (KeyValueIterator<String, String> users = index.range(from, prefix + "\uffff")) {
                boolean stopped = false;
                while (left > 0 && users.hasNext()) {
                    KeyValue<String, String> user = users.next();
                    if (current.beyondStop(user.key)) {
                        stopped = true;
                        break;
                    }
                    revisitOrDeadLetter(user.value, planId, state, current.commitMs());
                    current = current.visitedUpTo(user.key);
                    left--;
                }
                if (stopped || !users.hasNext()) {
                    current = stopped ? current.visitedUpTo(null).nextScan() : current.nextScan();
                }
            }
        }
        if (current.done()) {
            jobs.delete(planId);
        } else {
            jobs.put(planId, current);
        }
        return left;
    }

    /**
     * Revisits one user; a user whose recomputation throws is dead-lettered and skipped. Why here and not in the
     * processing exception handler: a punctuator that throws would leave the job where it was, so the same user would
     * fail again every {@link #INTERVAL} and the fan-out (and every later one) would never finish.
     */
    private void revisitOrDeadLetter(String userId, String planId, PlanState state, Long commitMs) {
        try {
            revisit(userId, planId, state == null ? null : state.plan(), commitMs);
        } catch (RuntimeException e) {
            LOG.warn("Dead-lettering user {} of the fan-out of plan {}: its recomputation failed", userId, planId, e);
            metrics.deadLetter();
            DeadLetter letter = DeadLetters.skippedFanout(userId, planId, state == null ? -1 : state.lsn(),
                    context.taskId().partition(), e, clock);
            context.forward(new Record<>(userId, new Output.Failure(letter), clock.millis()));
        }
    }

    private void revisit(String userId, String planId, Plan plan, Long commitMs) {
        UserProfile profile = stores.profile(userId);
        if (profile == null) {
            return;
        }
        DocState doc = stores.docs.get(userId);
        UsageProfile usage = stores.usage(userId);
        Optional<RecommendationDocument> next;
        if (doc != null && doc.document() != null) {
            RecommendationDocument stored = doc.document();
            Optional<RecommendationDocument> spliced = Recommender.rescoreOne(stored, profile, usage, planId, plan,
                    stores.nextVersion(doc), clock.instant());
            if (spliced.isPresent() && spliced.get() == stored) {
                metrics.skippedByTopN();
                return;
            }
            if (spliced.isPresent()) {
                metrics.rescoredOnly();
                next = stores.publish(userId, doc, spliced.get());
            } else {
                next = stores.recompute(userId, profile, usage, doc, RecommenderMetrics.Cause.PLAN);
            }
        } else {
            next = stores.recompute(userId, profile, usage, doc, RecommenderMetrics.Cause.PLAN);
        }
        next.ifPresent(document -> context.forward(new Record<>(userId, new Output.Document(document), clock.millis(),
                headers(commitMs))));
    }

    /**
     * The headers of a document the fan-out makes: a new record, so it gets the plan change's commit time (the job's
     * earliest, when the plan changed again during the walk) for the freshness timers downstream.
     */
    private static Headers headers(Long commitMs) {
        RecordHeaders headers = new RecordHeaders();
        if (commitMs != null) {
            CommitTimeHeader.write(headers, commitMs);
        }
        return headers;
    }
}
