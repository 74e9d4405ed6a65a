package io.treebeard.schemas.event;

import java.time.Instant;

/**
 * The value of a {@code treebeard.dlq.<stage>} topic: a record a stage could not process, with why and where from.
 * The key of the dead letter is the key of the failed record, as received.
 *
 * @param stage           the pipeline stage that gave up: ingest, recommender or projector
 * @param reason          a human-readable reason naming the failing field where known
 * @param exceptionClass  the exception's class, null when the failure was a validation rule
 * @param sourceTopic     where the record came from (for ingest: the source table as {@code schema.table})
 * @param sourcePartition the partition, -1 when the source is not a Kafka topic
 * @param sourceOffset    the offset, or the LSN when the source is the database log
 * @param key             the failed record's key as text (UTF-8, else base64)
 * @param value           the failed record's value as text (UTF-8, else base64)
 * @param failedAt        when the stage gave up
 */
public record DeadLetter(
        String stage,
        String reason,
        String exceptionClass,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String key,
        String value,
        Instant failedAt) {
}
