package io.treebeard.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Dependency probes for the servers every service talks to. */
public final class Probes {

    private Probes() {
    }

    /** PostgreSQL: a connection from {@code dataSource} that validates within the timeout. */
    public static DependencyProbe postgres(DataSource dataSource, String jdbcUrl) {
        return probe("postgres", jdbcUrl, timeout -> {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid((int) Math.max(1, timeout.toSeconds()))) {
                    throw new SQLException("connection did not validate within " + timeout);
                }
            }
        });
    }

    /** Kafka: the cluster describes itself within the timeout. */
    public static DependencyProbe kafka(String bootstrapServers) {
        return probe("kafka", bootstrapServers, timeout -> {
            int millis = (int) timeout.toMillis();
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis))) {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                        .clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** A probe from a name, a location and a check. */
    public static DependencyProbe probe(String name, String location, Check check) {
        return new DependencyProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String location() {
                return location;
            }

            @Override
            public void check(Duration timeout) throws Exception {
                check.run(timeout);
            }
        };
    }

    /** The body of a probe. */
    @FunctionalInterface
    public interface Check {
        /** Returns normally when the dependency answered. */
        void run(Duration timeout) throws Exception;
    }
}
