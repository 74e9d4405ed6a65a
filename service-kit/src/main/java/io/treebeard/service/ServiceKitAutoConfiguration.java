package io.treebeard.service;

import io.treebeard.service.reactive.ReactiveShellConfiguration;
import io.treebeard.service.servlet.ServletShellConfiguration;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Wires the service shell into every TreeBeard service: fail-fast dependency checks for all, and the HTTP shell of the
 * service's stack, chosen by web application type (servlet or reactive), never by excluding artifacts.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        "org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration"})
@Import({ServletShellConfiguration.class, ReactiveShellConfiguration.class})
public class ServiceKitAutoConfiguration {

    /** Default time a dependency has to answer at boot. */
    public static final String DEFAULT_STARTUP_TIMEOUT = "10s";

    /** Fail-fast checks of every declared dependency. */
    @Bean
    StartupDependencyCheck treebeardStartupDependencyCheck(
            ObjectProvider<DependencyProbe> probes,
            @Value("${treebeard.startup.dependency-timeout:" + DEFAULT_STARTUP_TIMEOUT + "}") Duration timeout) {
        List<DependencyProbe> all = probes.orderedStream().toList();
        return new StartupDependencyCheck(all, timeout);
    }
}
