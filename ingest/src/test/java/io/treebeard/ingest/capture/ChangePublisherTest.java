package io.treebeard.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.treebeard.ingest.metrics.IngestMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.treebeard.schemas.event.CommitTimeHeader;
import io.treebeard.schemas.event.DeadLetter;
import io.treebeard.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ChangePublisherTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    private static final String TABLE = ChangeMapper.PLANS_TABLE;

    private final IngestMetrics metrics = new IngestMetrics(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aRecordTooLargeIsDeadLetteredWithABoundedCopyAndTheOtherChangesArePublished() throws Exception {
        FailingProducer producer = new FailingProducer(r -> r.topic().equals(Topics.PLANS.name()) && r.value().length > 1_000
                ? new RecordTooLargeException("The message is 1229682 bytes") : null);
        AtomicInteger published = new AtomicInteger();
        byte[] huge = ("{\"name\": \"" + "N".repeat(600_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        List<ChangePublisher.Outcome> outcomes = publisher(producer, 3).publish(List.of(
                change("p-a", 10, "{}".getBytes(StandardCharsets.UTF_8), published),
                change("p-big", 11, huge, published),
                change("p-b", 12, "{}".getBytes(StandardCharsets.UTF_8), published)));

        assertThat(outcomes).containsExactly(ChangePublisher.Outcome.PUBLISHED, ChangePublisher.Outcome.DEAD_LETTERED,
                ChangePublisher.Outcome.PUBLISHED);
        assertThat(published).hasValue(2);
        assertThat(producer.attempts(r -> "p-big".equals(r.key()) && r.topic().equals(Topics.PLANS.name())))
                .as("a record too large is not retried").isEqualTo(1);
        DeadLetter letter = onlyDeadLetter(producer);
        assertThat(letter.key()).isEqualTo("p-big");
        assertThat(letter.sourceTopic()).isEqualTo(TABLE);
        assertThat(letter.sourceOffset()).isEqualTo(11);
        assertThat(letter.exceptionClass()).isEqualTo(RecordTooLargeException.class.getName());
        assertThat(letter.reason()).contains("treebeard.plans").contains("1229682 bytes");
        assertThat(letter.value()).startsWith("{\"name\": \"NNN").contains("[truncated: 16384 of 600012 characters kept]")
                .hasSizeLessThan(DeadLetters.MAX_VALUE_CHARS + 100);
        assertThat(metrics.deadLetterCount()).isEqualTo(1);
    }

    @Test
    void aRetriableErrorIsRetriedABoundedNumberOfTimesThenDeadLettered() throws Exception {
        FailingProducer producer = new FailingProducer(r -> r.topic().equals(Topics.PLANS.name())
                ? new NotEnoughReplicasException("not enough replicas") : null);

        List<ChangePublisher.Outcome> outcomes = publisher(producer, 3).publish(List.of(change("p-1", 5, new byte[] {'x'},
                new AtomicInteger())));

        assertThat(outcomes).containsExactly(ChangePublisher.Outcome.DEAD_LETTERED);
        assertThat(producer.attempts(r -> r.topic().equals(Topics.PLANS.name()))).isEqualTo(3);
        assertThat(onlyDeadLetter(producer).reason()).contains("after 3 attempt(s)");
    }

    @Test
    void aRetriableErrorThatClearsIsPublishedWithoutADeadLetter() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        FailingProducer producer = new FailingProducer(r -> failuresLeft.getAndDecrement() > 0
                ? new NotEnoughReplicasException("not enough replicas") : null);
        AtomicInteger published = new AtomicInteger();

        List<ChangePublisher.Outcome> outcomes = publisher(producer, 3).publish(List.of(change("p-1", 5, new byte[] {'x'},
                published)));

        assertThat(outcomes).containsExactly(ChangePublisher.Outcome.PUBLISHED);
        assertThat(published).hasValue(1);
        assertThat(producer.history()).extracting(ProducerRecord::topic).doesNotContain(Topics.DLQ_INGEST.name());
    }

    @Test
    void anErrorAboutKafkaRatherThanTheRecordFailsTheBatchSoTheEngineRetriesIt() {
        FailingProducer producer = new FailingProducer(r -> new AuthorizationException("not authorised"));

        assertThatThrownBy(() -> publisher(producer, 3).publish(List.of(change("p-1", 5, new byte[] {'x'}, new AtomicInteger()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LSN 5");
        assertThat(producer.history()).extracting(ProducerRecord::topic).doesNotContain(Topics.DLQ_INGEST.name());
    }

    @Test
    void aDeadLetterKafkaDoesNotTakeEitherFailsTheBatch() {
        FailingProducer producer = new FailingProducer(r -> new RecordTooLargeException("too large"));
        // Every record fails, the dead letter included.

        assertThatThrownBy(() -> publisher(producer, 3).publish(List.of(change("p-1", 5, new byte[] {'x'}, new AtomicInteger()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Could not dead-letter");
    }

    @Test
    void truncationKeepsSurrogatePairsWhole() {
        String text = "a" + "\uD83C\uDF33".repeat(10);

        assertThat(DeadLetters.truncate(text, 2)).startsWith("a... [truncated: 1 of 21");
        assertThat(DeadLetters.truncate("short", 10)).isEqualTo("short");
    }

    @Test
    void anAcknowledgedRecordCarryingTheCommitTimeIsTimedUnderItsTopicAndOthersAreNot() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        FailingProducer producer = new FailingProducer(r -> "p-big".equals(r.key()) && r.topic().equals(Topics.PLANS.name())
                ? new RecordTooLargeException("too large") : null);
        long commitMs = NOW.toEpochMilli() - 250;

        publisher(producer, 1).publish(List.of(
                stamped(change("p-a", 1, new byte[] {'a'}, new AtomicInteger()), commitMs),
                change("p-unstamped", 2, new byte[] {'b'}, new AtomicInteger()),
                stamped(change("p-big", 3, new byte[] {'c'}, new AtomicInteger()), commitMs)));

        Timer plans = registry.get("treebeard.ingest.capture.freshness").tag("topic", Topics.PLANS.name()).timer();
        assertThat(plans.count()).as("only the acknowledged stamped record").isEqualTo(1);
        assertThat(plans.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
        assertThat(registry.get("treebeard.ingest.capture.freshness").timers()).hasSize(3);
        ProducerRecord<String, byte[]> letter = producer.history().stream()
                .filter(r -> r.topic().equals(Topics.DLQ_INGEST.name())).findFirst().orElseThrow();
        assertThat(CommitTimeHeader.read(letter.headers())).as("the dead letter keeps the commit time").isEqualTo(commitMs);
    }

    private static ChangePublisher.Outgoing stamped(ChangePublisher.Outgoing change, long commitMs) {
        change.records().forEach(r -> CommitTimeHeader.write(r.headers(), commitMs));
        return change;
    }

    private ChangePublisher publisher(FailingProducer producer, int attempts) {
        return new ChangePublisher(producer, metrics, Clock.fixed(NOW, ZoneOffset.UTC), attempts, Duration.ZERO);
    }

    private static ChangePublisher.Outgoing change(String key, long lsn, byte[] value, AtomicInteger published) {
        return new ChangePublisher.Outgoing(TABLE, lsn, List.of(new ProducerRecord<>(Topics.PLANS.name(), key, value)),
                published::incrementAndGet);
    }

    private static DeadLetter onlyDeadLetter(FailingProducer producer) {
        List<ProducerRecord<String, byte[]>> letters = producer.history().stream()
                .filter(r -> r.topic().equals(Topics.DLQ_INGEST.name())).toList();
        assertThat(letters).hasSize(1);
        return Topics.DLQ_INGEST.valueSerde().deserializer().deserialize(Topics.DLQ_INGEST.name(), letters.get(0).value());
    }

    /** A producer that fails chosen records the way the Kafka producer does: through the returned future. */
    private static final class FailingProducer extends MockProducer<String, byte[]> {

        private final Function<ProducerRecord<String, byte[]>, RuntimeException> failure;
        private final List<ProducerRecord<String, byte[]>> failed = new ArrayList<>();

        FailingProducer(Function<ProducerRecord<String, byte[]>, RuntimeException> failure) {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
            this.failure = failure;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            RuntimeException error = failure.apply(record);
            if (error != null) {
                failed.add(record);
                return CompletableFuture.failedFuture(error);
            }
            return super.send(record, callback);
        }

        synchronized long attempts(java.util.function.Predicate<ProducerRecord<String, byte[]>> which) {
            return failed.stream().filter(which).count() + history().stream().filter(which).count();
        }
    }
}
