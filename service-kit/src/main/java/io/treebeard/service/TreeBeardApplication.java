package io.treebeard.service;

import io.treebeard.service.auth.SecretCheck;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a TreeBeard service with the shared {@link ServiceDefaults}. */
public final class TreeBeardApplication {

    private TreeBeardApplication() {
    }

    /**
     * Runs {@code application} (a {@code @SpringBootApplication} class) as a TreeBeard service.
     *
     * @return the running context; closing it shuts the service down gracefully
     */
    public static ConfigurableApplicationContext run(Class<?> application, String... args) {
        return create(application).run(args);
    }

    /** A SpringApplication with the shared defaults, for callers that customise it further (tests, the demo). */
    public static SpringApplication create(Class<?> application) {
        SpringApplication app = new SpringApplication(application);
        app.setDefaultProperties(ServiceDefaults.PROPERTIES);
        app.addListeners(new ManagementPort());
        // No real secret, no start: checked once the configuration is read, before any bean contacts a server.
        app.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) event -> SecretCheck.check(event.getEnvironment()));
        app.setRegisterShutdownHook(true);
        return app;
    }
}
