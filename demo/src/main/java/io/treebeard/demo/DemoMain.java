package io.treebeard.demo;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The README's run command: starts the real local stack (or uses external servers), the four services in this JVM,
 * loads the sample data through the write API and prints where everything answers. Ctrl-C stops the services, then the
 * servers, and deletes all state (no process or replication slot is left behind).
 *
 * <p>Options: see {@link DemoOptions} ({@code -Dusers=200}, {@code -Dseed=7}, {@code -Dkafka=}, {@code -Dpostgres.url=},
 * {@code -Dredis=}).
 */
public final class DemoMain {

    /** The write key of the demo (printed; a real deployment configures its own keys). */
    public static final String DEV_KEY = Pipeline.DEV_KEY;
    private static final String DEV_AUTHORIZATION = Pipeline.DEV_AUTHORIZATION;

    private DemoMain() {
    }

    /** Runs the demo until Ctrl-C. */
    public static void main(String[] args) throws Exception {
        boolean verbose = Boolean.getBoolean("verbose") || "".equals(System.getProperty("verbose"));
        if (verbose) {
            System.setProperty("logback.configurationFile",
                    System.getProperty("logback.configurationFile", "treebeard-stack-logback.xml"));
        } else {
            // Quiet: servers and services log to a file; the console keeps the run command's own lines.
            java.nio.file.Path log = java.nio.file.Files.createTempFile("treebeard-demo-", ".log");
            System.setProperty(Pipeline.LOG_FILE_PROPERTY, log.toString());
            System.setProperty("logback.configurationFile", Pipeline.QUIET_LOGBACK);
            say("Logs of the servers and services: " + log + "   (-Dverbose shows them here)");
        }
        DemoOptions options = DemoOptions.fromEnvironment();
        say("Starting Kafka (KRaft), PostgreSQL (logical replication) and Redis"
                + " (embedded unless -Dkafka / -Dpostgres.url / -Dredis point elsewhere)...");
        Servers servers;
        if (verbose) {
            servers = Servers.start(options);
        } else {
            // Kafka's storage formatter prints to standard output, not to a logger: into the log file with the rest.
            PrintStream console = System.out;
            try (PrintStream log = new PrintStream(new FileOutputStream(System.getProperty(Pipeline.LOG_FILE_PROPERTY), true), true,
                    StandardCharsets.UTF_8)) {
                System.setOut(log);
                servers = Servers.start(options);
            } finally {
                System.setOut(console);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Pipeline[] pipeline = new Pipeline[1];
        StatusLine[] statusLine = new StatusLine[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (statusLine[0] != null) {
                statusLine[0].close();
            }
            say("Stopping...");
            if (pipeline[0] != null) {
                pipeline[0].close();
            }
            servers.close();
            say("Stopped: services, servers, replication slot and state are gone.");
            stopped.countDown();
        }, "demo-shutdown"));
        try {
            pipeline[0] = Pipeline.start(servers, false);
        } catch (RuntimeException e) {
            // Exit (the hook stops what did start): the broker's and engine's threads would otherwise keep the JVM alive.
            say("A service did not start: " + e.getMessage() + " (the log above says why)");
            System.exit(1);
        }
        Pipeline running = pipeline[0];
        SampleData sample = new SampleData(options.seed(), options.users());
        SampleLoader.viaApi(running.ingestUrl(), DEV_KEY, sample, sample.usageCsv(10_000, Integer.getInteger("everyNthDay", 1)),
                DemoMain::say);
        String user = SampleData.userId(1);
        say("Waiting for the first recommendations to reach the read API...");
        awaitServed(running.queryUrl() + "/api/v1/recommendations/" + user);

        System.out.printf(Locale.ROOT, "%nTreeBeard is up (Ctrl-C stops everything and deletes its state).%n"
                        + "  Read API      %s/api/v1   (Authorization: Bearer %s; OpenAPI: %s/openapi.json)%n"
                        + "  Write API     %s/api/v1   (Authorization: Bearer %s)%n"
                        + "  Metrics       %s/actuator/prometheus (query-api), ingest %s, recommender %s, projector %s%n"
                        + "  Health        %s/actuator/health (every service, on its management port)%n"
                        + "  Kafka %s   PostgreSQL %s   Redis %s%n%n"
                        + "One user's recommendations:%n  curl -i -H 'Authorization: Bearer %s' %s/api/v1/recommendations/%s%n%n"
                        + "A plan price change (every affected user's document is recomputed within a second):%n"
                        + "  curl -X PUT %s/api/v1/plans/plan-1 -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\%n"
                        + "    -d '{\"provider\": \"Lone Star Power\", \"name\": \"Saver 1\", \"available_regions\": [\"TX-NORTH\"],"
                        + " \"is_active\": true, \"rate_structure\": {\"energy\": {\"type\": \"flat\", \"rate\": 0.05}},"
                        + " \"renewable_percentage\": 50, \"contract_months\": 0}'%n%n",
                running.queryUrl(), DEV_KEY, running.queryUrl(), running.ingestUrl(), DEV_KEY, running.queryManagementUrl(),
                running.ingestManagementUrl() + "/actuator/prometheus", running.recommenderUrl() + "/actuator/prometheus",
                running.projectorUrl() + "/actuator/prometheus", running.queryManagementUrl(), servers.kafka(), servers.jdbcUrl(),
                servers.redis(), DEV_KEY, running.queryUrl(), user, running.ingestUrl(), DEV_KEY);
        boolean terminal = System.console() != null;
        statusLine[0] = new StatusLine(running.queryUrl(), System.out, terminal);
        say("Console: " + running.queryUrl() + "/   Pipeline status (every 3 s):");
        statusLine[0].start(java.time.Duration.ofSeconds(3));
        stopped.await();
    }

    private static void awaitServed(String url) throws InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Authorization", DEV_AUTHORIZATION).build();
                if (http.send(request,
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                say("read API not answering yet: " + e.getMessage());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
        say("The read API did not serve " + url + " within 2 minutes; the services' logs above say why.");
    }

    static void say(String message) {
        System.out.println("[treebeard] " + message);
    }
}
