package io.treebeard.recommender.errors;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be deserialised goes to {@code treebeard.dlq.recommender} (with topic, partition, offset and
 * the reason) and the application continues with the next record.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    /** The config key under which the metrics object is passed. */
    public static final String METRICS_CONFIG = "treebeard.recommender.metrics";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private RecommenderMetrics metrics = new RecommenderMetrics();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(METRICS_CONFIG) instanceof RecommenderMetrics m) {
            metrics = m;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOG.warn("Dead-lettering an undeserialisable record of {}-{} at offset {}", context.topic(), context.partition(),
                context.offset(), exception);
        metrics.deadLetter();
        return Response.resume(List.of(DeadLetters.of(context, record.key(), record.value(), exception, Clock.systemUTC())));
    }
}
