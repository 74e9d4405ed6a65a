package io.treebeard.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The command line: {@code chaos [--scale S] [--seed N] [--faults A,B] [--runs N] [--fuzz N] [--no-report] [--keep]}.
 *
 * @param scale        1.0 = the full suite (two runs of every fault, 30 s Redis outage, 2,500 fuzz requests); 0.2 = a smoke
 * @param seed         seed of every random choice (moments, pauses, load, fuzz inputs)
 * @param faults       faults to run
 * @param runsPerFault runs of each fault
 * @param fuzzRequests fuzz requests (split between the two APIs)
 * @param writeReport  write docs/reliability.md
 * @param keep         keep the run directory (logs, data) afterwards
 * @param faultBudget  time for the fault loop: once spent, the repeats (runs after the first) are skipped
 */
record ChaosOptions(double scale, long seed, List<Fault> faults, int runsPerFault, int fuzzRequests, boolean writeReport, boolean keep,
        Duration faultBudget) {

    static final String USAGE = "usage: chaos [--scale S] [--seed N] [--faults INGEST_KILL,...] [--runs N] [--fuzz N]"
            + " [--no-report] [--keep] [--budget-minutes M]";

    static ChaosOptions parse(String[] args) {
        double scale = 1.0;
        long seed = 17;
        List<Fault> faults = List.of(Fault.values());
        Integer runs = null;
        Integer fuzz = null;
        boolean report = true;
        boolean keep = false;
        Duration budget = null;
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.isEmpty() && a.get(0).equals("chaos")) {
            a.remove(0);
        }
        for (int i = 0; i < a.size(); i++) {
            String arg = a.get(i);
            switch (arg) {
                case "--scale" -> scale = Double.parseDouble(value(a, ++i, arg));
                case "--seed" -> seed = Long.parseLong(value(a, ++i, arg));
                case "--faults" -> faults = Arrays.stream(value(a, ++i, arg).split(","))
                        .map(s -> Fault.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
                case "--runs" -> runs = Integer.parseInt(value(a, ++i, arg));
                case "--fuzz" -> fuzz = Integer.parseInt(value(a, ++i, arg));
                case "--no-report" -> report = false;
                case "--keep" -> keep = true;
                case "--budget-minutes" -> budget = Duration.ofMinutes(Long.parseLong(value(a, ++i, arg)));
                default -> throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
            }
        }
        if (scale <= 0 || scale > 10) {
            throw new IllegalArgumentException("--scale must be in (0, 10]");
        }
        int r = runs != null ? runs : Math.max(1, (int) Math.round(2 * scale));
        int f = fuzz != null ? fuzz : Math.max(200, (int) Math.round(2_500 * scale));
        Duration b = budget != null ? budget : Duration.ofMinutes(Math.max(5, Math.round(20 * scale)));
        return new ChaosOptions(scale, seed, faults, r, f, report, keep, b);
    }

    private static String value(List<String> a, int i, String name) {
        if (i >= a.size()) {
            throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        }
        return a.get(i);
    }

    /** How long the audit may take to reach zero drift after a fault. */
    Duration driftTimeout() {
        return Duration.ofSeconds(180);
    }

    /** Reads per second during the load. */
    int readsPerSecond() {
        return 40;
    }
}
