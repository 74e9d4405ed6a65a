package io.treebeard.ingest;

import io.treebeard.service.TreeBeardApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The write API for event producers and Debezium change capture of the source tables into Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApplication {

    /** Starts the service. */
    public static void main(String[] args) {
        TreeBeardApplication.run(IngestApplication.class, args);
    }
}
