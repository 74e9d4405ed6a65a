package io.treebeard.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The redis-server binary the embedded-redis artifact ships, run as a process of its own on a fixed port without
 * persistence: a kill loses everything it held, as a cache crash would.
 */
final class RedisProcess {

    private final int port;
    private final OsProcess process;

    private RedisProcess(int port, OsProcess process) {
        this.port = port;
        this.process = process;
    }

    static RedisProcess start(Path dir) throws IOException {
        Files.createDirectories(dir);
        String arch = System.getProperty("os.arch").contains("aarch64") ? "redis-server-6.2.7-linux-arm64"
                : "redis-server-6.2.6-v5-linux-amd64";
        Path binary = dir.resolve("redis-server");
        try (InputStream in = RedisProcess.class.getResourceAsStream("/" + arch)) {
            if (in == null) {
                throw new IllegalStateException("the embedded-redis artifact has no " + arch);
            }
            Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!binary.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + binary + " executable");
        }
        int port = Ports.free();
        RedisProcess redis = new RedisProcess(port, new OsProcess("redis", List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"), dir,
                dir.resolve("redis.log")));
        redis.restart();
        return redis;
    }

    void restart() {
        process.start();
        process.awaitReady(() -> "+PONG".equals(command("PING")), Duration.ofSeconds(30));
    }

    void kill9() {
        process.kill9();
    }

    /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
    void freeze() {
        process.signal("STOP");
    }

    void thaw() {
        process.signal("CONT");
    }

    /** FLUSHALL: every key is gone at once. */
    void flushAll() {
        String reply = command("FLUSHALL");
        if (!"+OK".equals(reply)) {
            throw new IllegalStateException("FLUSHALL answered " + reply);
        }
    }

    /** One inline command; the first line of the reply, or null when Redis does not answer. */
    String command(String inline) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    String uri() {
        return "redis://localhost:" + port;
    }

    OsProcess process() {
        return process;
    }

    void close() {
        try {
            thaw();
        } catch (RuntimeException e) {
            // not frozen or not running
        }
        process.close();
    }

}
