package io.treebeard.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One TreeBeard service as a deployment runs it: its runnable jar in a JVM of its own, on a fixed port. */
final class JavaService {

    /** A container-sized heap; the C1 compiler only, so that a restart on two busy cores takes seconds, not a minute. */
    static final List<String> JVM_OPTIONS = List.of("-Xms128m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;
    private final int managementPort;
    private final OsProcess process;

    private JavaService(int port, int managementPort, OsProcess process) {
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
    }

    /** A service of {@code module} (its jar under {@code <root>/<module>/target}) with {@code args}; not started. */
    static JavaService of(String name, Path root, String module, Path runDir, List<String> args) throws IOException {
        int port = Ports.free();
        int managementPort = Ports.free();
        List<String> command = new ArrayList<>();
        command.add(KafkaBroker.javaBin());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", copied(jar(root, module), runDir).toString(), "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--spring.application.name=" + module,
                "--management.endpoint.health.probes.enabled=true",
                // Throw-away servers without passwords (trust authentication), as in the demo and the tests.
                "--treebeard.secrets.allow-placeholders=true",
                "--logging.level.root=WARN", "--logging.level.io.treebeard=INFO", "--logging.structured.format.console="));
        command.addAll(args);
        return new JavaService(port, managementPort, new OsProcess(name, command, runDir, runDir.resolve(name + ".log")));
    }

    /**
     * A copy of {@code jar} in the run directory, made once per module: a rebuild of the checkout while the suite runs
     * must not change the classes a restarted (or lazily loading) service reads.
     */
    private static synchronized Path copied(Path jar, Path runDir) throws IOException {
        Path copy = runDir.resolve("jars").resolve(jar.getFileName());
        if (!Files.exists(copy)) {
            Files.createDirectories(copy.getParent());
            Files.copy(jar, copy);
        }
        return copy;
    }

    static Path jar(Path root, String module) throws IOException {
        Path target = root.resolve(module).resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).toList();
                if (jars.size() == 1) {
                    return jars.get(0);
                }
            }
        }
        throw new IllegalStateException(module + "'s runnable jar was not found under " + target.toAbsolutePath()
                + ": run `mvn -q install -DskipTests` first, from the repository root");
    }

    /** Starts the JVM and waits until the service reports ready. */
    void startAndAwait() {
        process.start();
        awaitReady();
    }

    void awaitReady() {
        process.awaitReady(this::ready, Duration.ofSeconds(180));
    }

    boolean ready() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** Actuator's port: never the API's (service-kit's shell). */
    String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    int port() {
        return port;
    }

    OsProcess process() {
        return process;
    }
}
