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
            // Liveness and readiness probes at /actuator/health/liveness and /actuator/health/readiness.
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.health.show-details", "always"),
            Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus,metrics"),
            Map.entry("management.metrics.tags.application", "${spring.application.name}"),
            Map.entry("management.info.env.enabled", "true"),
            // Finish in-flight requests and records before stopping.
            Map.entry("server.shutdown", "graceful"),
            Map.entry("spring.lifecycle.timeout-per-shutdown-phase", SHUTDOWN_TIMEOUT),
            // RFC 9457 problem details for errors the framework itself answers (405, 415, 404...).
            Map.entry("spring.mvc.problemdetails.enabled", "true"),
            // One JSON object per log line, with MDC context (request_id, topic, partition, offset...).
            Map.entry("logging.structured.format.console", "ecs"),
            Map.entry("logging.level.org.apache.kafka", "WARN"),
            Map.entry("logging.level.io.debezium", "INFO"),
            Map.entry("spring.main.banner-mode", "off"));

    private ServiceDefaults() {
    }
}
