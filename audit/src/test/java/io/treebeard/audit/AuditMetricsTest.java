package io.treebeard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.treebeard.schemas.cache.KeyType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditMetricsTest {

    @Test
    void aRunSetsTheDriftGaugesAndAddsToTheCheckedCounters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditMetrics metrics = new AuditMetrics();
        metrics.bindTo(registry);
        Finding drift = new Finding(KeyType.RECOMMENDATION, "u", "tb:rec:{u}", Target.REDIS, Finding.Kind.UNEXPECTED, true, null,
                List.of());
        AuditReport report = new AuditReport(Map.of(KeyType.RECOMMENDATION, 10), Set.of(Target.REDIS), List.of(drift), List.of(),
                Duration.ZERO);

        metrics.record(report);
        metrics.record(report);

        assertThat(registry.get("treebeard.audit.checked").tag("type", "rec").functionCounter().count()).isEqualTo(20.0);
        assertThat(registry.get("treebeard.audit.drift").tag("type", "rec").tag("target", "redis").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("treebeard.audit.drift").tag("type", "plan").tag("target", "redis").gauge().value()).isZero();
        assertThat(registry.get("treebeard.audit.runs").tag("outcome", "drift").functionCounter().count()).isEqualTo(2.0);
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
            assertThat(meter.getId().getBaseUnit()).as(meter.getId().getName()).isNotBlank();
        }
    }
}
