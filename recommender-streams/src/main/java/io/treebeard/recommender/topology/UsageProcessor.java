package io.treebeard.recommender.topology;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.state.UsageState;
import io.treebeard.schemas.event.UsageAnalysis;
import io.treebeard.schemas.event.UsageChange;
import io.treebeard.tariff.UsageProfile;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A reading changed: apply it to the user's ledger (a replay with an LSN not after the date's last one is dropped),
 * republish the usage analysis when it changed, and recompute that user's recommendations, and nobody else's.
 */
final class UsageProcessor implements Processor<String, UsageChange, String, Output> {

    private final Clock clock;
    private final RecommenderMetrics metrics;
    private ProcessorContext<String, Output> context;
    private KeyValueStore<String, UsageState> ledgers;
    private KeyValueStore<String, UsageAnalysis> analyses;
    private UserStores stores;

    UsageProcessor(Clock clock, RecommenderMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Output> processorContext) {
        this.context = processorContext;
        this.ledgers = processorContext.getStateStore(StoreNames.USAGE_LEDGER);
        this.analyses = processorContext.getStateStore(StoreNames.USAGE_ANALYSES);
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
        long lastApplied = ledger.lsnOf(change.usageDate());
        if (Replays.isReplay(change.source(), lastApplied)) {
            metrics.duplicate(RecommenderMetrics.Input.USAGE);
            return;
        }
        ledger = ledger.with(change.usageDate(), change.op().isUpsert() ? change.reading() : null,
                Replays.after(change.source(), lastApplied));
        ledgers.put(userId, ledger);
        UsageProfile usage = ledger.ledger(userId).profile();
        stores.usageProfiles.put(userId, usage);
        publishAnalysis(record, userId, usage);
        stores.recompute(userId, RecommenderMetrics.Cause.USAGE)
                .ifPresent(doc -> context.forward(record.withValue(new Output.Document(doc))));
    }

    private void publishAnalysis(Record<String, UsageChange> record, String userId, UsageProfile usage) {
        UsageAnalysis previous = analyses.get(userId);
        UsageAnalysis next = usage.toAnalysis(userId, previous == null ? 1 : previous.version() + 1);
        if (previous != null && previous.equals(withVersion(next, previous.version()))) {
            return;
        }
        analyses.put(userId, next);
        context.forward(record.withValue(new Output.Analysis(next)));
    }

    private static UsageAnalysis withVersion(UsageAnalysis a, long version) {
        return new UsageAnalysis(a.userId(), version, a.asOf(), a.window(), a.annualKwh(), a.avgDailyKwh(), a.peakShare(),
                a.monthsWithData(), a.confidence());
    }
}
