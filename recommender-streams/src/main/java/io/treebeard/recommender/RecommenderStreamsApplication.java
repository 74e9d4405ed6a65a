package io.treebeard.recommender;

import io.treebeard.recommender.metrics.RecommenderMetrics;
import io.treebeard.recommender.topology.RecommenderTopology;
import io.treebeard.service.TreeBeardApplication;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Kafka Streams application: usage profiles and incremental top-N plan recommendations.
 *
 * <p>{@code --print-topology [partitions]} prints the topology description and exits, without connecting to Kafka.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RecommenderStreamsApplication {

    /** Starts the service, or prints the topology. */
    public static void main(String[] args) {
        int flag = Arrays.asList(args).indexOf("--print-topology");
        if (flag >= 0) {
            int partitions = args.length > flag + 1 ? Integer.parseInt(args[flag + 1]) : 6;
            System.out.println(RecommenderTopology.buildTopology(RecommenderTopology.Topics.contract(),
                    new RecommenderTopology.Settings(partitions, Clock.systemUTC(), new RecommenderMetrics())).describe());
            return;
        }
        TreeBeardApplication.run(RecommenderStreamsApplication.class, args);
    }
}
