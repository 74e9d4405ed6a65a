package io.treebeard.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One part of the system as an OS process of its own, started from a fixed command, so that it can be killed alone
 * ({@code kill -9}), frozen ({@code SIGSTOP}) and started again with the same command, port and data directory.
 */
class OsProcess implements AutoCloseable {

    /** Every process started, so that a suite stopped by a signal (its finally blocks skipped) leaves none behind. */
    private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "chaos-kill-children"));
    }

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Path workDir;
    private Process process;

    OsProcess(String name, List<String> command, Path workDir, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.log = log;
    }

    /** The part's name in reports. */
    String name() {
        return name;
    }

    /** Its log file (appended across restarts). */
    Path log() {
        return log;
    }

    /** Starts the process (appending to its log); does not wait for readiness. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            STARTED.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
        }
    }

    /** Whether the process runs. */
    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Its pid; -1 when it does not run. */
    synchronized long pid() {
        return alive() ? process.pid() : -1;
    }

    /** {@code kill -9} and reap it. */
    synchronized void kill9() {
        if (process == null) {
            return;
        }
        process.destroyForcibly(); // SIGKILL on Unix
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    synchronized void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill9();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill9();
        }
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}) with the system's kill command. */
    void signal(String signal) {
        long pid = pid();
        if (pid < 0) {
            throw new IllegalStateException(name + " does not run");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until {@code ready} holds; fails naming the log when the process exits or the time is up. */
    void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            if (ready.getAsBoolean()) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** Whether something accepts TCP connections on the port. */
    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }
}
