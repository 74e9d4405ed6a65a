package io.treebeard.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault loop: for each fault and run, load, inject at a random moment, restart after a random pause, stop the
 * load, compare the source with what the producers were told, and wait for the audit to find zero drift.
 */
final class Chaos {

    private static final Logger LOG = LoggerFactory.getLogger(Chaos.class);

    private final Stack stack;
    private final Load load;
    private final Model model;
    private final Verdict verdict;
    private final ChaosOptions options;
    private final Random random;

    Chaos(Stack stack, Load load, Model model, Verdict verdict, ChaosOptions options) {
        this.stack = stack;
        this.load = load;
        this.model = model;
        this.verdict = verdict;
        this.options = options;
        this.random = new Random(options.seed());
    }

    List<FaultRun> runAll() {
        List<FaultRun> runs = new ArrayList<>();
        long deadline = System.nanoTime() + options.faultBudget().toNanos();
        for (int run = 1; run <= options.runsPerFault(); run++) {
            for (Fault fault : options.faults()) {
                if (run > 1 && System.nanoTime() > deadline) {
                    // Every fault has run once; the repeats stop when the time budget is spent (a shared, busy machine).
                    LOG.warn("time budget of {} spent: {} run {} and later are skipped", options.faultBudget(), fault, run);
                    return runs;
                }
                FaultRun r = runOnce(fault, run);
                runs.add(r);
                LOG.info("{} run {}: {}; outage {} ms; writes during {}; lost {}, phantom {}; zero drift {} after {} ms; read errors {}{}",
                        fault, run, r.passed() ? "PASS" : "FAIL", r.outage().toMillis(), r.during().writeCounts(), r.lost().size(),
                        r.phantom().size(), r.zeroDrift(), r.timeToZeroDrift().toMillis(), r.readErrors(),
                        r.violations().isEmpty() ? "" : "; violations " + r.violations());
            }
        }
        return runs;
    }

    private FaultRun runOnce(Fault fault, int run) {
        load.window(new Window(fault + " before"));
        load.resume();
        Window during = new Window(fault + " during");
        long outageNanos = 0;
        List<String> handling = new ArrayList<>();
        try {
            park(Duration.ofMillis((long) ((2_000 + random.nextInt(4_000)) * Math.max(0.5, options.scale()))));
            Duration pause = fault.outage(random, options.scale());
            load.window(during);
            long t0 = System.nanoTime();
            try {
                fault.inject(stack, load);
                park(pause);
                fault.recover(stack);
            } catch (RuntimeException e) {
                // A part that does not come back is a finding of its own; try once more so the next faults can run.
                LOG.error("{} run {}: the part did not come back", fault, run, e);
                handling.add("the part did not come back: " + e.getMessage());
                try {
                    fault.recover(stack);
                } catch (RuntimeException again) {
                    handling.add("second start failed too: " + again.getMessage());
                }
            }
            outageNanos = System.nanoTime() - t0;
            load.window(new Window(fault + " after"));
            park(Duration.ofSeconds(2));
        } finally {
            load.pause();
        }
        List<String> lost;
        List<String> phantom;
        try {
            Model.Check check = model.check(Dataset.sourceState(stack.dataSource()));
            lost = check.lost();
            phantom = check.phantom();
        } catch (java.sql.SQLException e) {
            lost = List.of("the source could not be read: " + e.getMessage());
            phantom = List.of();
        }
        Verdict.Result result = verdict.awaitZeroDrift(options.driftTimeout());
        String note = result.clean() ? "" : result.note();
        if (!result.clean() && result.lastAudit() != null) {
            result.lastAudit().drift().stream().limit(10).forEach(f -> LOG.warn("drift after {}: {}", fault, f.lines()));
        }
        lost.stream().limit(10).forEach(l -> LOG.warn("lost after {}: {}", fault, l));
        phantom.stream().limit(10).forEach(l -> LOG.warn("phantom after {}: {}", fault, l));
        List<String> violations = new ArrayList<>(handling);
        violations.addAll(violations(fault, during));
        return new FaultRun(fault, run, Duration.ofNanos(outageNanos), during, lost, phantom, result.clean(), result.took(), note,
                violations);
    }

    static List<String> violations(Fault fault, Window during) {
        List<String> v = new ArrayList<>();
        Map<String, Long> reads = during.readCounts();
        if (fault.readsMustNotFail() && during.readErrors() > 0) {
            v.add("reads failed while Redis was down: " + during.readErrorCounts());
        }
        if (fault == Fault.POSTGRES_RESTART) {
            if (reads.getOrDefault("200 HIT", 0L) == 0) {
                v.add("no cache hit served while PostgreSQL was down: " + reads);
            }
            during.readErrorCounts().forEach((answer, n) -> {
                if (!answer.equals("503 retry-after")) {
                    v.add(n + " reads answered " + answer + " while PostgreSQL was down (a miss must answer 503 with Retry-After)");
                }
            });
        }
        return v;
    }

    private static void park(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
