package io.treebeard.ingest.capture;

import io.treebeard.ingest.metrics.IngestMetrics;
import io.treebeard.schemas.event.CommitTimeHeader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the captured changes of one engine batch so that no single change can stop the capture: each change is
 * either acknowledged by Kafka or written to {@code treebeard.dlq.ingest}, and only then may the batch's offsets
 * advance.
 *
 * <ul>
 *   <li>A per-record error that no retry can cure (the record is too large, cannot be serialised, is invalid) dead-letters
 *       the change at once.</li>
 *   <li>A retriable error (the producer already retried it for its delivery timeout) is retried {@code maxAttempts - 1}
 *       more times, then the change is dead-lettered.</li>
 *   <li>Any other error (authorisation, a fenced or closed producer) is not about the record: the batch fails, and the
 *       engine restarts from its last committed offset, as does a dead letter Kafka does not acknowledge either. Nothing
 *       is ever marked processed without being published or dead-lettered.</li>
 * </ul>
 *
 * <p>A retried change is published after the later changes of its batch that succeeded; consumers order per key by
 * LSN, and an idempotent producer fails the later batches of a partition with it, so this only matters across keys.
 */
final class ChangePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ChangePublisher.class);

    private final Producer<String, byte[]> producer;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration retryBackoff;

    /**
     * A publisher over {@code producer}.
     *
     * @param maxAttempts  sends of a change failing with retriable errors before it is dead-lettered (at least 1)
     * @param retryBackoff pause before each further attempt
     */
    ChangePublisher(Producer<String, byte[]> producer, IngestMetrics metrics, Clock clock, int maxAttempts, Duration retryBackoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.producer = producer;
        this.metrics = metrics;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.retryBackoff = retryBackoff;
    }

    /**
     * One change to publish: its records (a change and maybe a tombstone, or a dead letter from the mapper), where it
     * comes from, and what to run once it is acknowledged.
     */
    record Outgoing(String table, long lsn, List<ProducerRecord<String, byte[]>> records, Runnable onPublished) {
        Outgoing {
            records = List.copyOf(records);
        }
    }

    /** How one change ended. */
    enum Outcome { PUBLISHED, DEAD_LETTERED }

    /**
     * Publishes every change, in order; returns each one's outcome once all are acknowledged or dead-lettered.
     *
     * @throws IllegalStateException when a change could be neither published nor dead-lettered
     */
    List<Outcome> publish(List<Outgoing> changes) throws InterruptedException {
        List<List<Future<RecordMetadata>>> sends = new ArrayList<>(changes.size());
        for (Outgoing change : changes) {
            sends.add(send(change.records()));
        }
        List<Outcome> outcomes = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            outcomes.add(settle(changes.get(i), sends.get(i)));
        }
        return outcomes;
    }

    private Outcome settle(Outgoing change, List<Future<RecordMetadata>> firstSends) throws InterruptedException {
        List<Future<RecordMetadata>> sends = firstSends;
        for (int attempt = 1; ; attempt++) {
            Failure failure = firstFailure(change.records(), sends);
            if (failure == null) {
                change.onPublished().run();
                return Outcome.PUBLISHED;
            }
            if (!isPerRecord(failure.cause())) {
                throw new IllegalStateException("Kafka did not acknowledge a captured change of " + change.table() + " at LSN "
                        + change.lsn() + ": " + failure.cause().getMessage(), failure.cause());
            }
            if (!(failure.cause() instanceof RetriableException) || attempt >= maxAttempts) {
                deadLetter(change, failure, attempt);
                return Outcome.DEAD_LETTERED;
            }
            LOG.warn("Publishing a change of {} at LSN {} failed (attempt {} of {}), retrying in {}: {}", change.table(),
                    change.lsn(), attempt, maxAttempts, retryBackoff, failure.cause().toString());
            metrics.publishRetried();
            // A plain pause: the engine calls us synchronously and waits for this batch, there is no state to wait on.
            TimeUnit.MILLISECONDS.sleep(retryBackoff.toMillis());
            List<ProducerRecord<String, byte[]>> remaining = change.records().subList(failure.index(), change.records().size());
            change = new Outgoing(change.table(), change.lsn(), remaining, change.onPublished());
            sends = send(change.records());
        }
    }

    private void deadLetter(Outgoing change, Failure failure, int attempts) throws InterruptedException {
        ProducerRecord<String, byte[]> failed = change.records().get(failure.index());
        String reason = "not publishable to " + failed.topic() + " after " + attempts + " attempt(s): " + failure.cause().getMessage();
        LOG.error("Dead-lettering a change of {} at LSN {} (key {}): {}", change.table(), change.lsn(), failed.key(), reason,
                failure.cause());
        ProducerRecord<String, byte[]> letter = DeadLetters.record(change.table(), change.lsn(), failed.key(),
                failed.value() == null ? null : new String(failed.value(), StandardCharsets.UTF_8), reason,
                failure.cause().getClass().getName(), clock.instant());
        long commitMs = CommitTimeHeader.read(failed.headers());
        if (CommitTimeHeader.present(commitMs)) {
            CommitTimeHeader.write(letter.headers(), commitMs);
        }
        Failure dlqFailure = firstFailure(List.of(letter), send(List.of(letter)));
        if (dlqFailure != null) {
            throw new IllegalStateException("Could not dead-letter a change of " + change.table() + " at LSN " + change.lsn()
                    + ": " + dlqFailure.cause().getMessage(), dlqFailure.cause());
        }
        metrics.deadLetter();
    }

    private List<Future<RecordMetadata>> send(List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            try {
                futures.add(send(record));
            } catch (KafkaException e) {
                // send() throws some per-record errors (e.g. serialisation) instead of failing the future.
                futures.add(CompletableFuture.failedFuture(e));
            }
        }
        return futures;
    }

    /**
     * Sends one record; one carrying a source commit time ({@link CommitTimeHeader}) is timed when Kafka acknowledges
     * it ({@code treebeard.ingest.capture.freshness}), on the producer's thread, so the wait in {@link #settle} for the
     * earlier changes of the batch does not count.
     */
    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        long commitMs = CommitTimeHeader.read(record.headers());
        if (!CommitTimeHeader.present(commitMs)) {
            return producer.send(record);
        }
        String topic = record.topic();
        return producer.send(record, (metadata, error) -> {
            if (error == null) {
                metrics.acknowledged(topic, commitMs);
            }
        });
    }

    /** The first record of a change that failed, or null when all were acknowledged. */
    private static Failure firstFailure(List<ProducerRecord<String, byte[]>> records, List<Future<RecordMetadata>> sends)
            throws InterruptedException {
        Failure first = null;
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = new Failure(i, e.getCause() == null ? e : e.getCause());
                }
            }
        }
        return first;
    }

    /** True when the error is about this record (it may be dead-lettered), false when it is about Kafka or the producer. */
    static boolean isPerRecord(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof SerializationException || cause instanceof InvalidRecordException
                || cause instanceof InvalidTopicException || cause instanceof RetriableException;
    }

    private record Failure(int index, Throwable cause) {
    }
}
