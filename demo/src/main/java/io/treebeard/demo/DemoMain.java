package io.treebeard.demo;

import io.treebeard.ingest.IngestApplication;
import io.treebeard.ingest.api.ApiKeyFilter;
import io.treebeard.recommender.RecommenderStreamsApplication;
import io.treebeard.service.TreeBeardApplication;
import io.treebeard.stack.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's run command: starts the real local stack, the services in this JVM, loads the sample data through the
 * write API and prints where everything answers. Ctrl-C stops the services, then the servers, and deletes all state
 * (the replication slot goes with the embedded database).
 *
 * <p>Options (system properties): {@code -Dusers=200} sample size, {@code -Dseed=7}.
 */
public final class DemoMain {

    /** The write key of the demo (printed; a real deployment configures its own keys). */
    public static final String DEV_KEY = "treebeard-dev-key";

    private DemoMain() {
    }

    /** Runs the demo until Ctrl-C. */
    public static void main(String[] args) throws Exception {
        System.setProperty("logback.configurationFile",
                System.getProperty("logback.configurationFile", "treebeard-stack-logback.xml"));
        int users = Integer.getInteger("users", 200);
        long seed = Long.getLong("seed", 7L);
        say("Starting Kafka (KRaft), PostgreSQL (logical replication) and Redis...");
        LocalStack stack = LocalStack.start();
        CountDownLatch stopped = new CountDownLatch(1);
        ConfigurableApplicationContext[] apps = new ConfigurableApplicationContext[2];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping...");
            for (int i = apps.length - 1; i >= 0; i--) {
                if (apps[i] != null) {
                    apps[i].close();
                }
            }
            stack.close();
            stopped.countDown();
        }, "demo-shutdown"));

        say("Starting ingest (write API + change capture)...");
        apps[0] = TreeBeardApplication.create(IngestApplication.class).run(common(
                "--spring.application.name=ingest",
                "--spring.datasource.url=" + stack.postgres().jdbcUrl(LocalStack.DATABASE),
                "--spring.flyway.user=postgres",
                "--treebeard.ingest.kafka-bootstrap-servers=" + stack.kafka().bootstrapServers(),
                "--treebeard.ingest.api.keys[0].name=demo",
                "--treebeard.ingest.api.keys[0].sha256=" + ApiKeyFilter.sha256(DEV_KEY),
                "--treebeard.ingest.api.keys[0].rights=read,write"));
        say("Starting recommender-streams...");
        apps[1] = TreeBeardApplication.create(RecommenderStreamsApplication.class).run(common(
                // Both services share this JVM's classpath, hence one application.yml: name each one here.
                "--spring.application.name=recommender-streams",
                "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "--treebeard.recommender.bootstrap-servers=" + stack.kafka().bootstrapServers(),
                "--treebeard.recommender.state-dir=" + Files.createTempDirectory("treebeard-demo-streams")));

        String ingest = "http://localhost:" + apps[0].getEnvironment().getProperty("local.server.port");
        String recommender = "http://localhost:" + apps[1].getEnvironment().getProperty("local.server.port");
        load(ingest, new SampleData(seed, users));

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
                ingest, DEV_KEY, ingest, recommender, ingest, recommender, stack.kafka().bootstrapServers(),
                stack.postgres().jdbcUrl(LocalStack.DATABASE), stack.redis().uri(), ingest, DEV_KEY);
        stopped.await();
    }

    private static String[] common(String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--logging.structured.format.console=",
                "--logging.level.root=WARN", "--logging.level.io.treebeard=INFO"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static void load(String ingest, SampleData data) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long started = System.nanoTime();
        List<SampleData.PlanBody> plans = data.plans();
        for (SampleData.PlanBody plan : plans) {
            send(http, "PUT", ingest + "/api/v1/plans/" + plan.planId(), "application/json", plan.json());
        }
        List<SampleData.UserBody> users = data.users();
        for (SampleData.UserBody user : users) {
            send(http, "PUT", ingest + "/api/v1/users/" + user.userId(), "application/json", user.json());
        }
        say(String.format(Locale.ROOT, "Loaded %d plans and %d users", plans.size(), users.size()));
        long rows = 0;
        started = System.nanoTime();
        List<String> batches = data.usageCsv(10_000);
        for (int i = 0; i < batches.size(); i++) {
            send(http, "POST", ingest + "/api/v1/usage", "text/csv", batches.get(i));
            rows += batches.get(i).chars().filter(c -> c == '\n').count() - 1;
            double seconds = (System.nanoTime() - started) / 1e9;
            say(String.format(Locale.ROOT, "Usage batch %d/%d: %,d readings, %.0f rows/s", i + 1, batches.size(), rows, rows / seconds));
        }
    }

    private static void send(HttpClient http, String method, String url, String type, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).method(method,
                HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", type).header("Authorization", "Bearer " + DEV_KEY)
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void say(String message) {
        System.out.println("[treebeard] " + message);
    }
}
