package io.treebeard.schemas.topic;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates TreeBeard topics that do not exist yet, with their contract cleanup policy. Existing topics are left as they
 * are: partition counts and configs of a live topic are an operator's decision (docs/operations.md).
 */
public final class TopicProvisioner {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    /** A provisioner working through {@code admin}, which the caller owns. */
    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /**
     * Ensures every topic exists.
     *
     * @param topics            the handles to create when absent
     * @param partitions        partitions of topics created now
     * @param replicationFactor replication factor of topics created now
     * @return the names of the topics this call created
     */
    public Set<String> ensure(Collection<? extends Topic<?, ?>> topics, int partitions, short replicationFactor) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), partitions, replicationFactor)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, t.cleanup().policy())))
                    .toList();
            if (!missing.isEmpty()) {
                createTolerantly(missing);
            }
            return missing.stream().map(NewTopic::name).collect(Collectors.toUnmodifiableSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics " + topics + ": " + e.getMessage(), e);
        }
    }

    private void createTolerantly(List<NewTopic> missing) throws InterruptedException, ExecutionException, TimeoutException {
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // Another instance created it between our listing and our request: that is the state we wanted.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
