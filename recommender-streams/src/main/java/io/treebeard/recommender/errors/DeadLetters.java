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

/**
 * Builds the {@code treebeard.dlq.recommender} record of a failed input record. Pure: unit-tested directly.
 *
 * <p>Texts are cut to {@link #MAX_TEXT} characters: a dead letter must fit the producer's request limit even when
 * the failure was that the record itself was too large.
 */
public final class DeadLetters {

    /** Characters kept of the key and of the value; 1 MB is the default request limit, escaping can double a text. */
    static final int MAX_TEXT = 64 * 1024;

    private static final Topic<String, DeadLetter> DLQ = Topics.DLQ_RECOMMENDER;
    private static final String STAGE = "recommender";
    private static final String PUNCTUATION = "(punctuation)";

    private DeadLetters() {
    }

    /** The dead letter of the record behind {@code context}, keyed as received. */
    public static ProducerRecord<byte[], byte[]> of(ErrorHandlerContext context, byte[] rawKey, byte[] rawValue, Exception e,
            Clock clock) {
        DeadLetter letter = new DeadLetter(STAGE, reason(e), e.getClass().getName(), sourceTopic(context), context.partition(),
                context.offset(), text(rawKey), text(rawValue), clock.instant());
        return record(rawKey, letter);
    }

    /**
     * The dead letter of an output record for {@code outputTopic} that could not be produced: the source is the input
     * being processed (none in a punctuation), the key and value are the output's.
     */
    public static ProducerRecord<byte[], byte[]> ofOutput(ErrorHandlerContext context, String outputTopic, byte[] key,
            byte[] value, Exception e, Clock clock) {
        String reason = "cannot produce to " + outputTopic + ": " + reason(e);
        DeadLetter letter = new DeadLetter(STAGE, reason, e.getClass().getName(), sourceTopic(context), context.partition(),
                context.offset(), text(key), text(value), clock.instant());
        return record(key, letter);
    }

    /** The dead letter of a user a plan change's fan-out could not recompute (forwarded by the topology). */
    public static DeadLetter skippedFanout(String userId, String planId, long planLsn, int partition, Exception e, Clock clock) {
        return new DeadLetter(STAGE, "fan-out of plan " + planId + " skipped this user: " + reason(e), e.getClass().getName(),
                Topics.PLANS.name(), partition, planLsn, userId, "plan_id=" + planId, clock.instant());
    }

    private static ProducerRecord<byte[], byte[]> record(byte[] key, DeadLetter letter) {
        byte[] dlqKey = key == null || key.length <= MAX_TEXT ? key : null;
        return new ProducerRecord<>(DLQ.name(), null, dlqKey, DLQ.valueSerde().serializer().serialize(DLQ.name(), letter));
    }

    private static String reason(Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return cut(reason);
    }

    private static String sourceTopic(ErrorHandlerContext context) {
        return context.topic() == null ? PUNCTUATION : context.topic();
    }

    /** UTF-8 text when the bytes are valid UTF-8, else base64; cut to {@link #MAX_TEXT}. */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return cut(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return cut("base64:" + Base64.getEncoder().encodeToString(bytes));
        }
    }

    private static String cut(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, MAX_TEXT) + "...[cut: " + text.length() + " characters]";
    }
}
