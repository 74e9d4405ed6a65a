package io.treebeard.demo;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The README's run command: starts the real local stack, the services in this JVM, loads the sample data through the
 * write API and prints where everything answers. Ctrl-C stops the services, then the servers, and deletes all state
 * (the replication slot goes with the embedded database).
 *
 * <p>Options (system properties): {@code -Dusers=200} sample size, {@code -Dseed=7}.
 */
public final class DemoMain {

    /** The write key of the demo (printed; a real deployment configures its own keys). */
    public static final String DEV_KEY = Pipeline.DEV_KEY;

    private DemoMain() {
    }

    /** Runs the demo until Ctrl-C. */
    public static void main(String[] args) throws Exception {
        System.setProperty("logback.configurationFile",
                System.getProperty("logback.configurationFile", "treebeard-stack-logback.xml"));
        DemoOptions options = DemoOptions.fromEnvironment();
        say("Starting Kafka (KRaft), PostgreSQL (logical replication) and Redis"
                + " (embedded unless -Dkafka / -Dpostgres.url / -Dredis point elsewhere)...");
        Servers servers = Servers.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Pipeline[] pipeline = new Pipeline[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping...");
            if (pipeline[0] != null) {
                pipeline[0].close();
            }
            servers.close();
            say("Stopped: services, servers, replication slot and state are gone.");
            stopped.countDown();
        }, "demo-shutdown"));
        pipeline[0] = Pipeline.start(servers, false);
        String ingest = pipeline[0].ingestUrl();
        String recommender = pipeline[0].recommenderUrl();
        SampleLoader.viaApi(ingest, DEV_KEY, new SampleData(options.seed(), options.users()), DemoMain::say);

        System.out.printf(Locale.ROOT, "%nTreeBeard is up (Ctrl-C stops everything and deletes its state).%n"
                        + "  Write API     %s/api/v1  (Authorization: Bearer %s)%n"
                        + "  Metrics       %s/actuator/prometheus   %s/actuator/prometheus%n"
                        + "  Health        %s/actuator/health       %s/actuator/health%n"
                        + "  Kafka         %s  (documents on treebeard.recommendations)%n"
                        + "  PostgreSQL    %s%n  Redis         %s%n%n"
                        + "Try a plan price change (every affected user's document is recomputed within a second):%n"
                        + "  curl -X PUT %s/api/v1/plans/plan-1 -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\%n"
                        + "    -d '{\"provider\": \"Lone Star Power\", \"name\": \"Saver 1\", \"available_regions\": [\"TX-NORTH\"],"
                        + " \"is_active\": true, \"rate_structure\": {\"energy\": {\"type\": \"flat\", \"rate\": 0.05}},"
                        + " \"renewable_percentage\": 50, \"contract_months\": 0}'%n%n",
                ingest, DEV_KEY, ingest, recommender, ingest, recommender, servers.kafka(), servers.jdbcUrl(), servers.redis(),
                ingest, DEV_KEY);
        stopped.await();
    }

    static void say(String message) {
        System.out.println("[treebeard] " + message);
    }
}
