package io.treebeard.recommender;

import io.treebeard.service.TreeBeardApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Kafka Streams application: usage profiles and incremental top-N plan recommendations. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RecommenderStreamsApplication {

    /** Starts the service. */
    public static void main(String[] args) {
        TreeBeardApplication.run(RecommenderStreamsApplication.class, args);
    }
}
