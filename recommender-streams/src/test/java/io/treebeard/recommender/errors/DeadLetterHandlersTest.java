package io.treebeard.recommender.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {

    private static final byte[] KEY = "u-7".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "{\"op\":".getBytes(StandardCharsets.UTF_8);

    @Test
    void undeserialisableRecordGoesToTheDeadLetterTopicWithItsPositionAndTheAppResumes() {
        RecommenderMetrics metrics = new RecommenderMetrics();
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of(DeadLetterDeserializationHandler.METRICS_CONFIG, metrics));

        DeserializationExceptionHandler.Response response = handler.handleError(context(), new ConsumerRecord<>(
                "treebeard.usage", 2, 41L, KEY, VALUE), new SerializationException("Cannot deserialise UsageChange"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dlq = response.deadLetterQueueRecords().get(0);
        DeadLetter letter = letter(dlq);
        assertThat(dlq.topic()).isEqualTo("treebeard.dlq.recommender");
        assertThat(dlq.key()).isEqualTo(KEY);
        assertThat(letter.stage()).isEqualTo("recommender");
        assertThat(letter.sourceTopic()).isEqualTo("treebeard.usage");
        assertThat(letter.sourcePartition()).isEqualTo(2);
        assertThat(letter.sourceOffset()).isEqualTo(41L);
        assertThat(letter.reason()).contains("UsageChange");
        assertThat(letter.value()).isEqualTo("{\"op\":");
        assertThat(letter.exceptionClass()).isEqualTo(SerializationException.class.getName());
    }

    @Test
    void recordThatFailsInAProcessorGoesToTheDeadLetterTopicAndTheAppResumes() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(Map.of());

        ProcessingExceptionHandler.Response response = handler.handleError(context(), new Record<>("u-7", "x", 0L),
                new IllegalStateException("boom"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        DeadLetter letter = letter(response.deadLetterQueueRecords().get(0));
        assertThat(letter.reason()).isEqualTo("boom");
        assertThat(letter.key()).isEqualTo("u-7");
    }

    @Test
    void anOutputTooLargeForTheBrokerIsDeadLetteredSmallEnoughToFitAndTheAppResumes() {
        RecommenderMetrics metrics = new RecommenderMetrics();
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(Map.of(DeadLetterDeserializationHandler.METRICS_CONFIG, metrics));
        byte[] huge = ("{\"name\":\"" + "x".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        ProductionExceptionHandler.Response response = handler.handleError(context(),
                new ProducerRecord<>("treebeard.recommendations", KEY, huge), new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dlq = response.deadLetterQueueRecords().get(0);
        assertThat(dlq.topic()).isEqualTo("treebeard.dlq.recommender");
        assertThat(dlq.key()).isEqualTo(KEY);
        assertThat(dlq.value().length).as("well under the default max.request.size of 1 MiB").isLessThan(512 * 1024);
        DeadLetter letter = letter(dlq);
        assertThat(letter.reason()).contains("treebeard.recommendations").contains("too large");
        assertThat(letter.sourceTopic()).isEqualTo("treebeard.usage");
        assertThat(letter.sourceOffset()).isEqualTo(41L);
        assertThat(letter.value()).startsWith("{\"name\":\"xxx").contains("[cut: ");
        assertThat(metrics.deadLetterCount()).isEqualTo(1);
    }

    @Test
    void retriableProductionErrorsAreRetriedAndOtherFatalOnesStillFail() {
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("treebeard.recommendations", KEY, VALUE);

        assertThat(handler.handleError(context(), record, new TimeoutException("broker away")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(handler.handleError(context(), record, new NotEnoughReplicasException("isr")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(handler.handleError(context(), record, new TopicAuthorizationException("denied")).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    @Test
    void anOutputThatCannotBeSerialisedIsDeadLetteredWithTheInputThatProducedIt() {
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();

        ProductionExceptionHandler.Response response = handler.handleSerializationError(context(),
                new ProducerRecord<>("treebeard.usage-analysis", "u-7", new Object()), new SerializationException("NaN"),
                ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        DeadLetter letter = letter(response.deadLetterQueueRecords().get(0));
        assertThat(letter.reason()).contains("treebeard.usage-analysis");
        assertThat(letter.value()).isEqualTo("{\"op\":");
    }

    @Test
    void binaryPayloadsAreKeptAsBase64() {
        assertThat(DeadLetters.text(new byte[] {(byte) 0xff, 0x00})).isEqualTo("base64:/wA=");
        assertThat(DeadLetters.text(null)).isNull();
    }

    private static DeadLetter letter(ProducerRecord<byte[], byte[]> record) {
        return Topics.DLQ_RECOMMENDER.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return "treebeard.usage";
            }

            @Override
            public int partition() {
                return 2;
            }

            @Override
            public long offset() {
                return 41L;
            }

            @Override
            public Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "usage-processor";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 2);
            }

            @Override
            public long timestamp() {
                return 0L;
            }

            @Override
            public byte[] sourceRawKey() {
                return KEY;
            }

            @Override
            public byte[] sourceRawValue() {
                return VALUE;
            }
        };
    }
}
