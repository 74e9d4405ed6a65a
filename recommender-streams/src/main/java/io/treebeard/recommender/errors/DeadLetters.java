package io.treebeard.recommender.errors;

import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** Builds the {@code treebeard.dlq.recommender} record of a failed input record. Pure: unit-tested directly. */
public final class DeadLetters {

    private static final Topic<String, DeadLetter> DLQ = Topics.DLQ_RECOMMENDER;

    private DeadLetters() {
    }

    /** The dead letter of the record behind {@code context}, keyed as received. */
    public static ProducerRecord<byte[], byte[]> of(ErrorHandlerContext context, byte[] rawKey, byte[] rawValue, Exception e,
            Clock clock) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        DeadLetter letter = new DeadLetter("recommender", reason, e.getClass().getName(), context.topic(), context.partition(),
                context.offset(), text(rawKey), text(rawValue), clock.instant());
        return new ProducerRecord<>(DLQ.name(), null, rawKey, DLQ.valueSerde().serializer().serialize(DLQ.name(), letter));
    }

    /** UTF-8 text when the bytes are valid UTF-8, else base64. */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
    }
}
