package io.treebeard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time per part of the system. In this JVM (broker, ingest with the Debezium capture, recommender, projector) by
 * per-thread CPU, threads grouped by name; what no group claims (collector, JIT, threads that ended) is the rest of the
 * process's CPU. Server processes by {@code /proc/<pid>/stat} utime + stime: Redis, PostgreSQL (the postmaster with the
 * CPU of its reaped children, plus every live backend), the forked read API.
 */
final class CpuMeter {

    /** Parts of this JVM, in the order a thread's name is tried against them: first match wins. */
    static final Map<String, Pattern> THREAD_GROUPS = threadGroups();
    /**
     * Threads with generic names ({@code pool-8-thread-1} runs Debezium's engine task) are grouped by the code on their
     * stack instead: the first frame whose class starts with one of these prefixes names the group.
     */
    static final Map<String, String> STACK_GROUPS = Map.of(
            "io.debezium", "Debezium capture (ingest)",
            "io.treebeard.ingest", "Debezium capture (ingest)",
            "org.apache.kafka.streams", "recommender",
            "io.treebeard.recommender", "recommender",
            "io.treebeard.projector", "projector",
            "kafka.", "broker",
            "org.apache.kafka.server", "broker",
            "org.apache.kafka.raft", "broker",
            "org.apache.kafka.controller", "broker",
            "org.apache.kafka.storage", "broker");
    /** What this JVM spent that no thread group claims. */
    static final String JVM_REST = "suite JVM rest (GC, JIT, other threads)";

    private static final long TICK_NANOS = 1_000_000_000L / 100; // USER_HZ, 100 on Linux

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, LongSupplier> processes = new LinkedHashMap<>();
    private final Map<Long, String> stackGroups = new java.util.HashMap<>();
    private Map<String, Long> previousThreads = Map.of();
    private Map<String, Long> lastThreads = Map.of();
    private final Map<String, String> lastGroups = new java.util.HashMap<>();

    CpuMeter() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    private static Map<String, Pattern> threadGroups() {
        Map<String, Pattern> groups = new LinkedHashMap<>();
        groups.put("Debezium capture (ingest)", Pattern.compile("(?i).*(debezium|change-event-source|capture|postgres-connector"
                + "|blocking-snapshot|offset|engine|ingest).*"));
        groups.put("recommender", Pattern.compile("(?i).*(StreamThread|StateUpdater|recommender|streams).*"));
        groups.put("projector", Pattern.compile("(?i).*(projector|lettuce|org\\.springframework\\.kafka|-C-\\d+|ntainer#).*"));
        groups.put("broker", Pattern.compile("(?i).*(kafka|raft|quorum|controller|broker|replica|expiration|log-cleaner"
                + "|group-coordinator|transaction|metadata|share-|executor|data-plane|SocketServer|acceptor|processor).*"));
        return groups;
    }

    /** Measures process {@code name} by its pid, found afresh at each snapshot (a restarted server has a new one). */
    CpuMeter process(String name, java.util.function.Supplier<OptionalLong> pid) {
        processes.put(name, () -> pid.get().stream().map(CpuMeter::processTreeNanos).sum());
        return this;
    }

    /** CPU nanoseconds so far per part. */
    Map<String, Long> snapshot() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        THREAD_GROUPS.keySet().forEach(g -> cpu.put(g, 0L));
        long grouped = 0;
        Map<String, Long> perThread = new LinkedHashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 64)) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos <= 0) {
                continue;
            }
            perThread.merge(info.getThreadName(), nanos, Long::sum);
            String group = group(info.getThreadName());
            if (group == null) {
                // Once seen running known code, a thread keeps its group (an idle moment shows only the pool's frames).
                group = stackGroups.computeIfAbsent(info.getThreadId(), id -> stackGroup(info.getStackTrace()));
                if (group == null) {
                    stackGroups.remove(info.getThreadId());
                }
            }
            lastGroups.put(info.getThreadName(), String.valueOf(group));
            if (group != null) {
                cpu.merge(group, nanos, Long::sum);
                grouped += nanos;
            }
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        cpu.put(JVM_REST, process - grouped);
        previousThreads = lastThreads;
        lastThreads = perThread;
        processes.forEach((name, nanos) -> cpu.put(name, nanos.getAsLong()));
        return cpu;
    }

    /**
     * The {@code n} busiest threads of this JVM between the last two snapshots, as "name (ms)" → group (null: the
     * rest), so the log shows what each group holds and which names no pattern matches.
     */
    Map<String, String> topThreads(int n) {
        Map<String, String> top = new LinkedHashMap<>();
        lastThreads.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - previousThreads.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> top.put(String.format(java.util.Locale.ROOT, "%s (%d ms)", e.getKey(), e.getValue() / 1_000_000),
                        lastGroups.getOrDefault(e.getKey(), "null")));
        return top;
    }

    static String stackGroup(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            for (Map.Entry<String, String> prefix : STACK_GROUPS.entrySet()) {
                if (frame.getClassName().startsWith(prefix.getKey())) {
                    return prefix.getValue();
                }
            }
        }
        return null;
    }

    static String group(String threadName) {
        for (Map.Entry<String, Pattern> group : THREAD_GROUPS.entrySet()) {
            if (group.getValue().matcher(threadName).matches()) {
                return group.getKey();
            }
        }
        return null;
    }

    /** utime + stime of {@code pid}, plus the CPU of the children it reaped (cutime + cstime), plus its live children's. */
    static long processTreeNanos(long pid) {
        long[] self = stat(pid);
        if (self.length == 0) {
            return 0;
        }
        long ticks = self[1] + self[2] + self[3] + self[4];
        for (long child : children(pid)) {
            long[] c = stat(child);
            if (c.length > 0) {
                ticks += c[1] + c[2];
            }
        }
        return ticks * TICK_NANOS;
    }

    /** Parent pid, utime, stime, cutime, cstime of {@code pid} (clock ticks); empty when it is gone. */
    static long[] stat(long pid) {
        try {
            return parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return new long[0];
        }
    }

    /** Fields 4 (ppid) and 14 to 17 (utime, stime, cutime, cstime) of a {@code /proc/<pid>/stat} line. */
    static long[] parseStat(String line) {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing parenthesis.
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14])};
    }

    static List<Long> children(long parent) {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
                long[] s = stat(Long.parseLong(n));
                if (s.length > 0 && s[0] == parent) {
                    children.add(Long.parseLong(n));
                }
            });
        } catch (IOException e) {
            return children;
        }
        return children;
    }

    /** The pid of a process whose command line holds every one of {@code parts} (e.g. "redis-server" and its port). */
    static OptionalLong findProcess(String... parts) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).filter(n -> {
                try {
                    String cmd = Files.readString(Path.of("/proc", n, "cmdline")).replace('\0', ' ');
                    return Stream.of(parts).allMatch(cmd::contains);
                } catch (IOException e) {
                    return false;
                }
            }).mapToLong(Long::parseLong).min();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** Parent pid of {@code pid}, empty if it is gone. */
    static OptionalLong parent(long pid) {
        long[] s = stat(pid);
        return s.length == 0 ? OptionalLong.empty() : OptionalLong.of(s[0]);
    }
}
