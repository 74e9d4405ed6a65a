package io.treebeard.recommender.topology;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.schemas.event.CommitTimeHeader;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The last processor in front of a sink: times how long after the source commit ({@link CommitTimeHeader}) the output
 * is handed to the producer, inside the exactly-once transaction that makes it visible at the next commit
 * ({@code treebeard.recommender.output.freshness}). Forwards every record unchanged; one without the header is not
 * timed.
 */
final class OutputFreshness<V> implements FixedKeyProcessor<String, V, V> {

    private final RecommenderMetrics.Output output;
    private final Clock clock;
    private final RecommenderMetrics metrics;
    private FixedKeyProcessorContext<String, V> context;

    OutputFreshness(RecommenderMetrics.Output output, Clock clock, RecommenderMetrics metrics) {
        this.output = output;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> processorContext) {
        this.context = processorContext;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        long commitMs = CommitTimeHeader.read(record.headers());
        if (CommitTimeHeader.present(commitMs)) {
            metrics.outputFreshness(output, CommitTimeHeader.millisSince(commitMs, clock.millis()));
        }
        context.forward(record);
    }
}
