package io.treebeard.service;

import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Actuator never shares the API port: unless {@code management.server.port} is set, it is the API port + 1000 (8080
 * -> 9080), or a random port of its own when the API port is random (0, in tests and the demo). Operators expose only
 * the API port; the management port stays on the internal network.
 */
final class ManagementPort implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    /** The distance between the API port and the default management port. */
    static final int OFFSET = 1000;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (environment.containsProperty("management.server.port")) {
            return;
        }
        int api = environment.getProperty("server.port", Integer.class, 8080);
        int management = api <= 0 ? 0 : api + OFFSET;
        environment.getPropertySources().addLast(new MapPropertySource("treebeard-management-port",
                Map.of("management.server.port", Integer.toString(management))));
    }
}
