package io.treebeard.ingest.capture;

import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.topic.Topic;
import io.treebeard.schemas.topic.Topics;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds the {@code treebeard.dlq.ingest} record of a change the capture gives up on. The copy of the row and the
 * reason are truncated, so a dead letter always fits in a Kafka request even when the row itself did not.
 */
final class DeadLetters {

    /** Characters of the row kept in a dead letter: enough to identify and repair it, far below 1 MiB as JSON. */
    static final int MAX_VALUE_CHARS = 16_384;
    /** Characters of the reason kept in a dead letter. */
    static final int MAX_REASON_CHARS = 2_048;
    /** Characters of the key kept (keys are ids, so this only bites on a corrupt record). */
    static final int MAX_KEY_CHARS = 1_024;

    private DeadLetters() {
    }

    /**
     * The dead-letter record of a change of {@code table} at {@code lsn}.
     *
     * @param exceptionClass the failure's class, null when the change broke a validation rule
     */
    static ProducerRecord<String, byte[]> record(String table, long lsn, String key, String value, String reason,
            String exceptionClass, Instant failedAt) {
        String boundedKey = truncate(key, MAX_KEY_CHARS);
        DeadLetter letter = new DeadLetter("ingest", truncate(reason == null ? "unknown" : reason, MAX_REASON_CHARS),
                exceptionClass, table, -1, lsn, boundedKey, truncate(value, MAX_VALUE_CHARS), failedAt);
        Topic<String, DeadLetter> dlq = Topics.DLQ_INGEST;
        return new ProducerRecord<>(dlq.name(), boundedKey, dlq.valueSerde().serializer().serialize(dlq.name(), letter));
    }

    /** {@code text} cut to at most {@code max} characters (never inside a surrogate pair), saying how much was cut. */
    static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "... [truncated: " + end + " of " + text.length() + " characters kept]";
    }
}
