package io.treebeard.service;

import java.util.Map;

/**
 * Settings every TreeBeard service shares, applied with the lowest precedence: a service's application.yml, a config
 * file, system properties and environment variables (for example {@code SERVER_SHUTDOWN}) all override them.
 */
public final class ServiceDefaults {

    /** How long graceful shutdown waits for in-flight work per lifecycle phase. */
    public static final String SHUTDOWN_TIMEOUT = "20s";

    /** The default properties. */
    public static final Map<String, Object> PROPERTIES = Map.ofEntries(
            // Actuator on the management port only (ManagementPort: the API port + 1000 unless set), exposing health
            // (liveness and readiness probes at /actuator/health/liveness and /readiness, no details unless authorised)
            // and prometheus; every other endpoint is off unless a deployment turns it on.
            Map.entry("management.endpoints.access.default", "none"),
            Map.entry("management.endpoint.health.access", "read-only"),
            Map.entry("management.endpoint.prometheus.access", "read-only"),
            Map.entry("management.endpoints.web.exposure.include", "health,prometheus"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.health.show-details", "when-authorized"),
            Map.entry("management.endpoint.health.show-components", "when-authorized"),
            Map.entry("management.metrics.tags.application", "${spring.application.name}"),
            // Finish in-flight requests and records before stopping.
            Map.entry("server.shutdown", "graceful"),
            Map.entry("spring.lifecycle.timeout-per-shutdown-phase", SHUTDOWN_TIMEOUT),
            // RFC 9457 problem details for errors the framework itself answers (405, 415, 404...), on either stack.
            Map.entry("spring.mvc.problemdetails.enabled", "true"),
            Map.entry("spring.webflux.problemdetails.enabled", "true"),
            // One JSON object per log line, with MDC context (request_id, topic, partition, offset...).
            Map.entry("logging.structured.format.console", "ecs"),
            Map.entry("logging.level.org.apache.kafka", "WARN"),
            Map.entry("logging.level.io.debezium", "INFO"),
            Map.entry("spring.main.banner-mode", "off"));

    private ServiceDefaults() {
    }
}
