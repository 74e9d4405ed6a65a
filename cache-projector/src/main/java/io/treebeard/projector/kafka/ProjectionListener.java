package io.treebeard.projector.kafka;

import io.treebeard.projector.metrics.ProjectorMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;

/**
 * The batch listener of the live container. It returns normally only after every record of the batch is written; a
 * thrown failure makes the container's error handler pause the partitions and redeliver the same batch after a back-off,
 * indefinitely, so no offset is committed past what was written.
 */
public final class ProjectionListener implements BatchConsumerAwareMessageListener<String, byte[]> {

    private final RecordProjector projector;
    private final ProjectorMetrics metrics;

    /** A listener projecting through {@code projector}. */
    public ProjectionListener(RecordProjector projector, ProjectorMetrics metrics) {
        this.projector = projector;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        projector.project(records);
        Map<String, Long> lag = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong partitionLag = consumer.currentLag(tp);
            if (partitionLag.isPresent()) {
                lag.merge(tp.topic(), partitionLag.getAsLong(), Long::sum);
            }
        }
        lag.forEach(metrics::lag);
    }
}
