package io.treebeard.chaos;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the load saw during one stretch of time (before, during or after a fault): writes by outcome, reads by answer. */
final class Window {

    private final String label;
    private final Map<String, LongAdder> writes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reads = new ConcurrentHashMap<>();

    Window(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    void write(String producer, Outcome outcome) {
        writes.computeIfAbsent(outcome.name().toLowerCase(java.util.Locale.ROOT), k -> new LongAdder()).increment();
        writes.computeIfAbsent("by " + producer, k -> new LongAdder()).increment();
    }

    /** One read answer, e.g. {@code 200 HIT}, {@code 503 retry-after}, {@code io-error}, {@code failover}. */
    void read(String answer) {
        reads.computeIfAbsent(answer, k -> new LongAdder()).increment();
    }

    long writes() {
        return writes.entrySet().stream().filter(e -> !e.getKey().startsWith("by ")).mapToLong(e -> e.getValue().sum()).sum();
    }

    Map<String, Long> writeCounts() {
        Map<String, Long> out = new TreeMap<>();
        writes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    Map<String, Long> readCounts() {
        Map<String, Long> out = new TreeMap<>();
        reads.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Reads that were not answered 200 or 404 (a failover to the other replica that then answered is not an error). */
    long readErrors() {
        return readCounts().entrySet().stream().filter(e -> isError(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    /** Read errors by answer. */
    Map<String, Long> readErrorCounts() {
        Map<String, Long> out = new TreeMap<>();
        readCounts().forEach((k, v) -> {
            if (isError(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    static boolean isError(String answer) {
        return !(answer.startsWith("200") || answer.startsWith("404") || answer.equals("failover"));
    }
}
