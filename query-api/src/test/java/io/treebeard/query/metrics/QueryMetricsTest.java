package io.treebeard.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.treebeard.query.read.CacheStatus;
import io.treebeard.query.read.CacheCircuit;
import io.treebeard.query.read.SourceQuery;
import io.treebeard.schemas.cache.KeyType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueryMetricsTest {

    private final CacheCircuit breaker = new CacheCircuit(1, Duration.ofMinutes(1), Duration.ofSeconds(1));
    private final QueryMetrics metrics = new QueryMetrics(breaker, () -> null);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void exportsHitsMissesTheirRatioAndFallbacksPerKeyType() {
        metrics.bindTo(registry);
        metrics.onRead(KeyType.PLAN, CacheStatus.HIT);
        metrics.onRead(KeyType.PLAN, CacheStatus.HIT);
        metrics.onRead(KeyType.PLAN, CacheStatus.HIT);
        metrics.onRead(KeyType.PLAN, CacheStatus.MISS);
        metrics.onRead(KeyType.PLAN, CacheStatus.BYPASS);

        assertThat(registry.get("treebeard.query.cache.hits").tag("type", "plan").functionCounter().count()).isEqualTo(3);
        assertThat(registry.get("treebeard.query.cache.misses").tag("type", "plan").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("treebeard.query.cache.hit.ratio").tag("type", "plan").gauge().value()).isEqualTo(0.75);
        assertThat(registry.get("treebeard.query.fallbacks").tags("type", "plan", "reason", "bypass").functionCounter().count())
                .isEqualTo(1);
    }

    @Test
    void exportsTheCircuitStateAndDatabaseQueriesPerStatement() {
        metrics.bindTo(registry);
        metrics.onQuery(SourceQuery.PLAN_BY_ID, 1_000_000, true);
        metrics.onPoolTimeout();
        breaker.onFailure(1_000L, new RuntimeException("test"));

        assertThat(registry.get("treebeard.query.db.queries").tag("query", "plan_by_id").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("treebeard.query.db.pool.timeouts").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("treebeard.query.circuit.state").gauge().value()).isEqualTo(2);
        assertThat(metrics.queryCount(SourceQuery.PLAN_BY_ID)).isEqualTo(1);
    }

    @Test
    void recordsRequestLatencyPerRouteCacheStatusAndHttpStatus() {
        metrics.bindTo(registry);
        metrics.request("plan", "HIT", 200, 2_000_000);
        metrics.request("plan", "HIT", 200, 4_000_000);

        assertThat(registry.get("treebeard.query.requests").tags("route", "plan", "cache_status", "HIT", "status", "200").timer().count())
                .isEqualTo(2);
    }
}
