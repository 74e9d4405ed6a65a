package io.treebeard.recommender.errors;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record whose processing throws goes to {@code treebeard.dlq.recommender} with the source record's raw bytes,
 * topic, partition, offset and the reason; the application continues.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private RecommenderMetrics metrics = new RecommenderMetrics();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(DeadLetterDeserializationHandler.METRICS_CONFIG) instanceof RecommenderMetrics m) {
            metrics = m;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        LOG.warn("Dead-lettering a record of {}-{} at offset {} that failed in {}", context.topic(), context.partition(),
                context.offset(), context.processorNodeId(), exception);
        metrics.deadLetter();
        return Response.resume(List.of(DeadLetters.of(context, context.sourceRawKey(), context.sourceRawValue(), exception,
                Clock.systemUTC())));
    }
}
