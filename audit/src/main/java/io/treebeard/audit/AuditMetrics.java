package io.treebeard.audit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.treebeard.schemas.cache.KeyType;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The metrics of periodic audits, recorded from each {@link AuditReport}:
 *
 * <ul>
 *   <li>{@code treebeard.audit.checked{type}}: counter of documents checked;</li>
 *   <li>{@code treebeard.audit.drift{type,target}}: gauge of the documents the last run found drifted (alert when it stays
 *       above 0 over two runs: a run during a burst of changes sees the pipeline's lag as drift);</li>
 *   <li>{@code treebeard.audit.absent{type,target}}: gauge of the documents the last run found absent from a target
 *       although the source has them (expired or not yet projected; drift only where the scope says so);</li>
 *   <li>{@code treebeard.audit.runs{outcome}}: counter of runs, {@code outcome} = clean, drift or failed.</li>
 * </ul>
 */
public final class AuditMetrics implements MeterBinder {

    private final Map<KeyType, LongAdder> checked = new EnumMap<>(KeyType.class);
    private final Map<KeyType, Map<Target, AtomicLong>> drift = new EnumMap<>(KeyType.class);
    private final Map<KeyType, Map<Target, AtomicLong>> absent = new EnumMap<>(KeyType.class);
    private final LongAdder clean = new LongAdder();
    private final LongAdder drifted = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public AuditMetrics() {
        for (KeyType type : KeyType.values()) {
            checked.put(type, new LongAdder());
            drift.put(type, perTarget());
            absent.put(type, perTarget());
        }
    }

    private static Map<Target, AtomicLong> perTarget() {
        Map<Target, AtomicLong> byTarget = new EnumMap<>(Target.class);
        for (Target target : Target.values()) {
            byTarget.put(target, new AtomicLong());
        }
        return byTarget;
    }

    /** Records a finished run. */
    public void record(AuditReport report) {
        for (KeyType type : KeyType.values()) {
            checked.get(type).add(report.checkedCount(type));
            for (Target target : Target.values()) {
                drift.get(type).get(target).set(report.driftCount(type, target));
                absent.get(type).get(target).set(report.absentCount(type, target));
            }
        }
        (report.hasDrift() ? drifted : clean).increment();
    }

    /** Records a run that could not complete (a store was unreachable). */
    public void recordFailure() {
        failed.increment();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        checked.forEach((type, counter) -> FunctionCounter.builder("treebeard.audit.checked", counter, LongAdder::sum)
                .description("Served documents the audit recomputed from PostgreSQL and compared, by document type")
                .baseUnit("documents")
                .tag("type", type.segment())
                .register(registry));
        bindPerTarget(registry, "treebeard.audit.drift", drift,
                "Documents the last audit found served differently from the source (wrong, unexpected or, where it counts, missing)");
        bindPerTarget(registry, "treebeard.audit.absent", absent,
                "Documents the last audit found absent from a target although the source has them");
        for (Map.Entry<String, LongAdder> runs : Map.of("clean", clean, "drift", drifted, "failed", failed).entrySet()) {
            FunctionCounter.builder("treebeard.audit.runs", runs.getValue(), LongAdder::sum)
                    .description("Audit runs by outcome")
                    .baseUnit("runs")
                    .tag("outcome", runs.getKey())
                    .register(registry);
        }
    }

    private static void bindPerTarget(MeterRegistry registry, String name, Map<KeyType, Map<Target, AtomicLong>> values,
            String description) {
        values.forEach((type, byTarget) -> byTarget.forEach((target, value) -> Gauge.builder(name, value, AtomicLong::get)
                .description(description)
                .baseUnit("documents")
                .tag("type", type.segment())
                .tag("target", target.label())
                .register(registry)));
    }
}
