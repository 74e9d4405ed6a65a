package io.treebeard.ingest.capture;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What one captured row change becomes: records to publish (a change, and for a deleted plan or profile a tombstone
 * after it), or a dead letter when the row cannot be mapped to the contract.
 */
public sealed interface CapturedChange {

    /** The source table as {@code schema.table}. */
    String table();

    /** Records to publish, in order. */
    record Publish(String table, List<ProducerRecord<String, byte[]>> records) implements CapturedChange {
        public Publish {
            records = List.copyOf(records);
        }
    }

    /** A row that broke the contract; {@code record} goes to {@code treebeard.dlq.ingest}. */
    record Reject(String table, ProducerRecord<String, byte[]> record, String reason) implements CapturedChange {
    }

    /** Nothing to publish (heartbeats, tables we do not capture). */
    record Skip(String table) implements CapturedChange {
    }
}
