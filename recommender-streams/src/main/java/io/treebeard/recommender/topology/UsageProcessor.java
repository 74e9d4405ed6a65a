package io.treebeard.recommender.topology;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.state.UsageState;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.schemas.model.UserProfile;
import io.treebeard.tariff.UsageProfile;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A reading changed: apply it to the user's ledger (a replay with an LSN not after the date's last one is dropped),
 * republish the usage analysis when it changed (a tombstone when the user has neither readings nor a profile), and
 * recompute that user's recommendations, and nobody else's.
 *
 * <p>A resync (the reseed from PostgreSQL, see {@link UsageState#resynced}) replaces everything applied up to its LSN
 * with the source's readings in one step, so it publishes at most one analysis and one document per user.
 */
final class UsageProcessor implements Processor<String, UsageChange, String, Output> {

    private final Clock clock;
    private final RecommenderMetrics metrics;
    private ProcessorContext<String, Output> context;
    private KeyValueStore<String, UsageState> ledgers;
    private UserStores stores;

    UsageProcessor(Clock clock, RecommenderMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Output> processorContext) {
        this.context = processorContext;
        this.ledgers = processorContext.getStateStore(StoreNames.USAGE_LEDGER);
        this.stores = new UserStores(processorContext, clock, metrics);
    }

    @Override
    public void process(Record<String, UsageChange> record) {
        UsageChange change = record.value();
        if (change == null || record.key() == null) {
            return;
        }
        metrics.processed(RecommenderMetrics.Input.USAGE);
        String userId = record.key();
        UsageState ledger = ledgers.get(userId);
        ledger = ledger == null ? UsageState.EMPTY : ledger;
        UsageState next = change.carriesResync() ? resynced(ledger, change) : applied(ledger, change);
        if (next == null) {
            metrics.duplicate(RecommenderMetrics.Input.USAGE);
            return;
        }
        ledgers.put(userId, next);
        UsageProfile usage = next.ledger(userId).profile();
        stores.usageProfiles.put(userId, usage);
        // The profile is read once and the usage profile is the one in hand, not read back from its store.
        UserProfile profile = stores.profile(userId);
        stores.settleAnalysis(userId, profile, usage, change.carriesResync()).ifPresent(a -> context.forward(record.withValue(a)));
        if (profile != null) {
            stores.recompute(userId, profile, usage, stores.docs.get(userId), RecommenderMetrics.Cause.USAGE)
                    .ifPresent(doc -> context.forward(record.withValue(new Output.Document(doc))));
        }
    }

    /** The ledger after one reading change, or null for a replay. */
    private static UsageState applied(UsageState ledger, UsageChange change) {
        long lastApplied = ledger.lsnOf(change.usageDate());
        if (Replays.isReplay(change.source(), lastApplied)) {
            return null;
        }
        return ledger.with(change.usageDate(), change.op().isUpsert() ? change.reading() : null,
                Replays.after(change.source(), lastApplied));
    }

    /** The ledger after a resync, or null when a resync at that LSN or later was already applied. */
    private static UsageState resynced(UsageState ledger, UsageChange change) {
        if (change.source() == null) {
            throw new IllegalArgumentException("a usage resync needs its source LSN");
        }
        if (Replays.isReplay(change.source(), ledger.floor())) {
            return null;
        }
        return ledger.resynced(change.resync(), change.source().lsn());
    }
}
