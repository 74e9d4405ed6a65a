package io.treebeard.projector;

import io.treebeard.service.TreeBeardApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Projects documents into Redis (version-guarded) and the Postgres read model; rebuilds the cache after loss. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProjectorApplication {

    /** Starts the service. */
    public static void main(String[] args) {
        TreeBeardApplication.run(ProjectorApplication.class, args);
    }
}
