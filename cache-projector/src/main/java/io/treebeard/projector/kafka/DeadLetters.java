package io.treebeard.projector.kafka;

import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes records the projector can never project to {@code treebeard.dlq.projector}, as a {@link DeadLetter}
 * (reason, source topic/partition/offset, the record as text) keyed as received. The send is awaited: the offset of the
 * poison record is committed only after its dead letter is stored.
 */
public final class DeadLetters implements AutoCloseable {

    /** The stage name in every dead letter. */
    public static final String STAGE = "projector";

    private final Producer<String, DeadLetter> producer;
    private final Clock clock;

    /** A publisher using its own idempotent producer on {@code bootstrapServers}. */
    public DeadLetters(String bootstrapServers, Clock clock) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "treebeard-projector-dlq"),
                Topics.DLQ_PROJECTOR.keySerde().serializer(), Topics.DLQ_PROJECTOR.valueSerde().serializer());
        this.clock = clock;
    }

    /** Publishes {@code record} with {@code reason}; waits for the broker's acknowledgement. */
    public void publish(ConsumerRecord<String, byte[]> record, String reason, Throwable cause) {
        DeadLetter letter = new DeadLetter(STAGE, reason, cause == null ? null : cause.getClass().getName(), record.topic(),
                record.partition(), record.offset(), record.key(), text(record.value()), clock.instant());
        try {
            producer.send(new ProducerRecord<>(Topics.DLQ_PROJECTOR.name(), record.key(), letter)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot publish a dead letter for " + record.topic() + "-" + record.partition()
                    + "@" + record.offset(), e);
        }
    }

    /** UTF-8 text when the bytes are valid UTF-8, else base64; null stays null. */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
