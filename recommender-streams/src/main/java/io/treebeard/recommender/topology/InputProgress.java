package io.treebeard.recommender.topology;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Right after a source: notes the commit time of the last record processed on each input partition, which the
 * {@code treebeard.consumer.lag.seconds} gauge reads (see {@link io.treebeard.schemas.topic.GroupLag}). Forwards every
 * record unchanged.
 */
final class InputProgress<V> implements FixedKeyProcessor<String, V, V> {

    private final RecommenderMetrics metrics;
    private FixedKeyProcessorContext<String, V> context;

    InputProgress(RecommenderMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> processorContext) {
        this.context = processorContext;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        if (source != null) {
            metrics.inputProcessed(source.topic(), source.partition(), record.headers(), record.timestamp());
        }
        context.forward(record);
    }
}
