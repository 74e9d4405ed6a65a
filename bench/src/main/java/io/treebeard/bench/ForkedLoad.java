package io.treebeard.bench;

import io.treebeard.bench.load.LoadMain;
import io.treebeard.demo.SampleData;
import io.treebeard.schemas.json.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * A load run in a JVM of its own ({@link LoadMain}), as {@link ForkedQueryApi} runs the read API: the load generators
 * and the latency probes never share a heap, a collector or a JIT with the broker and the services. The classpath is
 * just what the load needs (the bench classes, HdrHistogram, pgjdbc and the sample data's user ids); the result comes
 * back as one JSON object in a file, and {@code event <name>} lines on its stdout are handed to a callback as they come.
 */
final class ForkedLoad {

    /** The load JVM's options: a heap big enough for 15,000 connections' buffers, default collector (G1). */
    static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx1g");

    private final Process process;
    private final Path out;
    private final Thread reader;

    private ForkedLoad(Process process, Path out, Thread reader) {
        this.process = process;
        this.out = out;
        this.reader = reader;
    }

    /** Starts {@code LoadMain kind args...}; {@code onEvent} gets each event name, on the reader thread. */
    static ForkedLoad start(String kind, Map<String, ?> args, Consumer<String> onEvent) throws IOException {
        Path out = Files.createTempFile("treebeard-bench-load", ".json");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", classpath(), LoadMain.class.getName(), kind, "out=" + out));
        args.forEach((k, v) -> command.add(k + "=" + v));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-forked-load"));
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event ")) {
                        onEvent.accept(line.substring(6).trim());
                    } else {
                        System.out.println("[load] " + line);
                    }
                }
            } catch (IOException e) {
                System.out.println("[load] output closed: " + e.getMessage());
            }
        }, "forked-load-output");
        reader.setDaemon(true);
        reader.start();
        return new ForkedLoad(process, out, reader);
    }

    /** Runs a load to its end and returns its result. */
    static JsonNode run(String kind, Map<String, ?> args, Duration timeout) throws IOException, InterruptedException {
        return start(kind, args, e -> { }).await(timeout);
    }

    /** The load JVM's process id. */
    long pid() {
        return process.pid();
    }

    /** Waits for the load to end and returns its result; fails if it exits with an error or outlives {@code timeout}. */
    JsonNode await(Duration timeout) throws IOException, InterruptedException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the load JVM did not finish within " + timeout);
            }
            reader.join(5_000);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the load JVM exited with " + process.exitValue() + " (its output is above)");
            }
            return Json.mapper().readTree(Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A histogram of a result. */
    static Histogram histogram(JsonNode result, String field) {
        return io.treebeard.bench.load.JsonOut.histogram(result.get(field).asString());
    }

    private static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String name : List.of(LoadMain.class.getName(), Histogram.class.getName(), "org.postgresql.Driver",
                SampleData.class.getName())) {
            try {
                Class<?> type = Class.forName(name);
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | ClassNotFoundException e) {
                throw new UncheckedIOException(new IOException("cannot locate the classes of " + name, e));
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
