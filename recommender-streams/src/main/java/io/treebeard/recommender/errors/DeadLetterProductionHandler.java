package io.treebeard.recommender.errors;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output record the broker will never take (too large, invalid) or that cannot be serialised goes to
 * {@code treebeard.dlq.recommender} with its topic, the input it came from and the reason, and the application
 * continues. Without this, the stream thread fails, is replaced, reprocesses the same input, produces the same record
 * and fails again, forever. Retriable errors (broker unavailable, timeouts) keep the default: retry, never drop.
 * Anything else (fencing, authorisation, unknown errors) fails as by default.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private RecommenderMetrics metrics = new RecommenderMetrics();
    private Clock clock = Clock.systemUTC();

    /** A handler for the application (configured by Kafka Streams). */
    public DeadLetterProductionHandler() {
    }

    /** A handler with its collaborators, for tests. */
    DeadLetterProductionHandler(RecommenderMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(DeadLetterDeserializationHandler.METRICS_CONFIG) instanceof RecommenderMetrics m) {
            metrics = m;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        if (!isPerRecord(exception)) {
            return Response.fail();
        }
        return deadLetter(context, record.topic(), record.key(), record.value(), exception);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
            SerializationExceptionOrigin origin) {
        // The record never became bytes: keep what came in, and say which output could not be written.
        return deadLetter(context, record.topic(), context.sourceRawKey(), context.sourceRawValue(), exception);
    }

    /** True for errors that concern this record alone: another record, or the same one again, cannot fare better. */
    static boolean isPerRecord(Exception e) {
        return e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidRecordException || e instanceof SerializationException;
    }

    private Response deadLetter(ErrorHandlerContext context, String outputTopic, byte[] key, byte[] value, Exception e) {
        LOG.warn("Dead-lettering a record for {} produced from {}-{} at offset {}", outputTopic, context.topic(),
                context.partition(), context.offset(), e);
        metrics.deadLetter();
        return Response.resume(List.of(DeadLetters.ofOutput(context, outputTopic, key, value, e, clock)));
    }
}
