package io.treebeard.demo.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** deploy/'s Prometheus configuration, alert rules and Grafana dashboard parse and cover what issue 19 asks. */
class OperatorFilesTest {

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryService() throws Exception {
        Map<String, Object> config = (Map<String, Object>) OperatorFiles.yaml(OperatorFiles.PROMETHEUS);
        List<String> jobs = ((List<Map<String, Object>>) config.get("scrape_configs")).stream()
                .map(j -> String.valueOf(j.get("job_name"))).toList();

        assertThat(jobs).containsExactlyInAnyOrder("ingest", "recommender-streams", "cache-projector", "query-api");
        assertThat((List<String>) config.get("rule_files")).containsExactly("/etc/prometheus/alerts.yml");
    }

    @Test
    void alertsCoverFreshnessLagDlqCacheSlotAndDown() throws Exception {
        String all = String.join("\n", OperatorFiles.alertExpressions());

        assertThat(all).contains("treebeard_ingest_capture_freshness_seconds_bucket",
                "treebeard_recommender_output_freshness_seconds_bucket",
                "treebeard_projector_redis_freshness_seconds_bucket", "treebeard_projector_readmodel_freshness_seconds_bucket", "> 1",
                "deriv(treebeard_consumer_lag_records[5m]) > 0", "treebeard_projector_dlq_records_total", "< 0.95",
                "treebeard_ingest_replication_slot_lag_bytes", "up{job=");
    }

    @Test
    void dashboardParsesAndShowsThePipelinePagesPanels() throws Exception {
        JsonNode dashboard = OperatorFiles.dashboard();
        List<String> titles = new java.util.ArrayList<>();
        dashboard.get("panels").forEach(p -> titles.add(p.get("title").asString()));

        assertThat(dashboard.get("uid").asString()).isEqualTo("treebeard-pipeline");
        assertThat(String.join("|", titles)).contains("Freshness", "Consumer lag", "Changes in / documents out", "Cache hit rate",
                "Dead-letter", "rebuild");
        assertThat(OperatorFiles.metrics(OperatorFiles.dashboardExpressions())).isNotEmpty();
    }
}
