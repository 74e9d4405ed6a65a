package io.treebeard.service;

import java.time.Duration;

/**
 * A dependency a service cannot work without (Postgres, Kafka, Redis). Every probe bean is checked once while the
 * service starts; a failing probe stops the start with an error naming the dependency and where it was looked for.
 */
public interface DependencyProbe {

    /** A short name, e.g. {@code postgres}. */
    String name();

    /** Where the dependency is expected, without secrets, e.g. a JDBC URL or bootstrap servers. */
    String location();

    /**
     * Returns normally when the dependency answers within {@code timeout}; throws otherwise.
     *
     * @throws Exception the reason the dependency is unreachable
     */
    void check(Duration timeout) throws Exception;
}
