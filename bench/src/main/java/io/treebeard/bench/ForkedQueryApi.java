package io.treebeard.bench;

import io.treebeard.demo.Pipeline;
import io.treebeard.demo.Servers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * query-api in a JVM of its own, started from its runnable jar, as a deployment runs it: the read path's latency is
 * then its own, not the pause times of a heap shared with the broker and the stream processor.
 */
final class ForkedQueryApi implements AutoCloseable {

    /** The JVM options of the forked service: a small heap, as its container would have; default collector (G1). */
    static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m");

    private final Process process;
    private final String url;
    private final String managementUrl;
    private final Path log;

    private ForkedQueryApi(Process process, String url, String managementUrl, Path log) {
        this.managementUrl = managementUrl;
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Starts the service against {@code servers} and waits until it is ready. */
    static ForkedQueryApi start(Servers servers) throws IOException {
        Path jar = jar();
        int port;
        int managementPort;
        try (ServerSocket socket = new ServerSocket(0); ServerSocket management = new ServerSocket(0)) {
            port = socket.getLocalPort();
            managementPort = management.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--management.server.port=" + managementPort,
                // The suite's throw-away servers have well-known passwords (SecretCheck refuses them anywhere else).
                "--treebeard.secrets.allow-placeholders=true",
                "--logging.level.root=WARN",
                "--logging.level.io.treebeard=INFO", "--logging.structured.format.console="));
        command.addAll(Pipeline.queryApiArguments(servers));
        Path log = Files.createTempFile("treebeard-bench-query-api", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A suite stopped by a signal skips its finally blocks; the child must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-forked-query-api"));
        ForkedQueryApi api = new ForkedQueryApi(process, "http://localhost:" + port, "http://localhost:" + managementPort, log);
        try {
            api.awaitReady(Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        return api;
    }

    /** The runnable jar built by {@code mvn install}; {@code -Dbench.queryJar} overrides. */
    private static Path jar() throws IOException {
        String configured = System.getProperty("bench.queryJar");
        if (configured != null) {
            return Path.of(configured);
        }
        Path target = Path.of("query-api", "target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).toList();
                if (jars.size() == 1) {
                    return jars.get(0);
                }
            }
        }
        throw new IllegalStateException("query-api's runnable jar was not found under " + target.toAbsolutePath()
                + ": run the suite from the repository root after `mvn install -DskipTests`, or pass -Dbench.queryJar=<jar>");
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("query-api exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while query-api started", e);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new IllegalStateException("query-api was not ready within " + timeout + "; see " + log);
    }

    /** The read API's process id. */
    long pid() {
        return process.pid();
    }

    /** Base URL of the read API. */
    String url() {
        return url;
    }

    /** Stops the service (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
