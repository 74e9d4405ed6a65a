package io.treebeard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.treebeard.schemas.json.Json;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    @Test
    void condensesTheStatusDocumentIntoOneLine() {
        String line = StatusLine.format(Json.mapper().readTree("""
                {"services": [{"service": "query-api", "up": true}, {"service": "ingest", "up": false}],
                 "freshness": [{"stage": "capture", "p99_ms": 80.0}, {"stage": "redis", "p99_ms": 412.5},
                               {"stage": "read model", "p99_ms": null}],
                 "consumer_lag": [{"records": 3, "seconds": 0.25}, {"records": 4, "seconds": 1.5}],
                 "rates": {"changes_in_per_s": 12.34, "documents_out_per_s": null}}
                """));

        assertThat(line).isEqualTo("in 12.3 changes/s | out - documents/s | freshness p99 413 ms (redis) | lag 7 records, 1.5 s"
                + " | 1 service(s) down");
    }
}
