package io.treebeard.query;

import io.treebeard.service.TreeBeardApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Thin read API: Redis first, indexed Postgres fallback, stampede protection and graceful degradation. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryApplication {

    /** Starts the service. */
    public static void main(String[] args) {
        TreeBeardApplication.run(QueryApplication.class, args);
    }
}
