package io.treebeard.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker process: KRaft combined mode (one node is broker and controller), formatted once with
 * {@code kafka.tools.StorageTool}, run with {@code kafka.Kafka server.properties} from the kafka_2.13 jar and its
 * dependencies (this module's own classpath). A restart reuses the port and the log directory.
 */
final class KafkaBroker {

    private final int port;
    private final OsProcess process;

    private KafkaBroker(int port, OsProcess process) {
        this.port = port;
        this.process = process;
    }

    /** Formats the storage under {@code dir} and starts the broker; returns when it accepts connections. */
    static KafkaBroker start(Path dir) throws IOException {
        int port = Ports.free();
        int controllerPort = Ports.free();
        Files.createDirectories(dir);
        Path properties = dir.resolve("server.properties");
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, "<configuration><appender name=\"o\" class=\"ch.qos.logback.core.ConsoleAppender\"><encoder>"
                + "<pattern>%d %-5level %logger{30} - %msg%n</pattern></encoder></appender>"
                + "<root level=\"WARN\"><appender-ref ref=\"o\"/></root></configuration>");
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=6",
                // A single node: internal topics must not ask for three replicas, or consumers silently never receive.
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "log.cleaner.dedupe.buffer.size=2097152"));
        Files.write(properties, lines);
        List<String> java = new ArrayList<>(List.of(javaBin(), "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + logback, "-cp", classpath()));
        Path log = dir.resolve("broker.log");
        List<String> format = new ArrayList<>(java);
        format.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", properties.toString()));
        Process f = new ProcessBuilder(format).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!f.waitFor(120, TimeUnit.SECONDS) || f.exitValue() != 0) {
                throw new IllegalStateException("Kafka storage format failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        List<String> run = new ArrayList<>(java);
        run.addAll(List.of("kafka.Kafka", properties.toString()));
        KafkaBroker broker = new KafkaBroker(port, new OsProcess("kafka", run, dir, log));
        broker.restart();
        return broker;
    }

    /** Starts the (stopped) broker again on the same port and log directory and waits for its listener. */
    void restart() {
        process.start();
        process.awaitReady(() -> OsProcess.listening(port), Duration.ofSeconds(120));
    }

    /** {@code kill -9} of the broker. */
    void kill9() {
        process.kill9();
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    OsProcess process() {
        return process;
    }

    static String javaBin() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * This JVM's classpath: under {@code exec:java} the module's dependencies are the URLs of the context class loader
     * (java.class.path is Maven's own); run with {@code java -cp} they are java.class.path.
     */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                        throw new IllegalStateException("not a file on the classpath: " + url, e);
                    }
                }
            }
        }
        boolean hasKafka = entries.stream().anyMatch(e -> e.contains("kafka_2.13"));
        if (!hasKafka) {
            entries.clear();
            entries.addAll(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
