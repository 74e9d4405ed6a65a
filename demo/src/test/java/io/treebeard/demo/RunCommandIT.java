package io.treebeard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first command as a user runs it: {@code DemoMain} in a JVM of its own on the run command's classpath
 * (runtime scope, written by the build to {@code target/run-command-classpath.txt}), not the tests' classpath, which
 * also holds test-scoped jars and once hid a service that could not start from the command. It must print where it
 * answers, answer a read with the dev key, and on SIGTERM (what Ctrl-C's shutdown hooks also run) stop everything.
 */
class RunCommandIT {

    private static final Pattern READ_API = Pattern.compile("Read API\\s+(http://localhost:\\d+)/api/v1");

    @Test
    void theRunCommandStartsThePipelinePrintsWhereItAnswersAndStopsCleanly() throws Exception {
        Path classpathFile = Path.of("target", "run-command-classpath.txt");
        assertThat(classpathFile).as("written by the build (maven-dependency-plugin, generate-test-resources)").exists();
        String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(classpathFile).trim();
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dusers=20", "-cp", classpath, DemoMain.class.getName())
                .redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output closed: " + e + ")");
            }
        }, "run-command-output");
        reader.start();
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .failFast("the run command exited", () -> !demo.isAlive())
                    .until(() -> lines.stream().anyMatch(l -> l.startsWith("TreeBeard is up")));
            String api = lines.stream().map(READ_API::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                    .orElseThrow(() -> new AssertionError("no Read API line in " + lines));
            HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(api + "/api/v1/recommendations/" + SampleData.userId(1)))
                    .header("Authorization", "Bearer treebeard-dev-key").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(read.body()).contains("\"user_id\":\"" + SampleData.userId(1) + "\"");
        } finally {
            // SIGTERM through the handle: Process.destroy() would also close our end of its output, and the lines of
            // the shutdown hooks are part of what is checked.
            demo.toHandle().destroy();
            assertThat(demo.waitFor(2, TimeUnit.MINUTES)).as("stopped within 2 min of SIGTERM").isTrue();
            reader.join(10_000);
        }
        assertThat(lines).as("the run command's own lines only, ending with a clean stop").allMatch(l -> !l.contains(" INFO "))
                .anyMatch(l -> l.startsWith("[treebeard] Stopped: services, servers, replication slot and state are gone."));
    }
}
