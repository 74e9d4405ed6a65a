package io.treebeard.audit;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled audit run for a service to call from its scheduler (e.g. the cache-projector's
 * {@code scheduleWithFixedDelay}): runs the scope, records the metrics, logs each drifted document, and never throws,
 * so a failed run does not cancel the schedule.
 */
public final class PeriodicAudit implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicAudit.class);
    private static final int MAX_LOGGED = 20;

    private final Auditor auditor;
    private final Supplier<AuditScope> scope;
    private final AuditMetrics metrics;

    /**
     * @param scope the scope of each run; a sampling scope should draw a new seed each time (e.g.
     *              {@code () -> scope.withSample(n, ThreadLocalRandom.current().nextLong())}), so runs cover different ids
     */
    public PeriodicAudit(Auditor auditor, Supplier<AuditScope> scope, AuditMetrics metrics) {
        this.auditor = auditor;
        this.scope = scope;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        AuditReport report;
        try {
            report = auditor.run(scope.get());
        } catch (RuntimeException e) {
            metrics.recordFailure();
            LOG.warn("Audit run failed", e);
            return;
        }
        metrics.record(report);
        if (report.hasDrift()) {
            report.drift().stream().limit(MAX_LOGGED).forEach(f -> LOG.warn("{}", String.join("\n", f.lines())));
            LOG.warn("{}", report.summary());
        } else {
            LOG.info("{}", report.summary());
        }
    }
}
