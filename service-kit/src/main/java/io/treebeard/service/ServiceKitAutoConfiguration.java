package io.treebeard.service;

import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Wires the service shell into every TreeBeard service. */
@AutoConfiguration
public class ServiceKitAutoConfiguration {

    /** Default time a dependency has to answer at boot. */
    public static final String DEFAULT_STARTUP_TIMEOUT = "10s";

    /** Request ids on every request, before anything else runs. */
    @Bean
    @ConditionalOnWebApplication
    FilterRegistrationBean<RequestIdFilter> treebeardRequestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Fail-fast checks of every declared dependency. */
    @Bean
    StartupDependencyCheck treebeardStartupDependencyCheck(
            ObjectProvider<DependencyProbe> probes,
            @Value("${treebeard.startup.dependency-timeout:" + DEFAULT_STARTUP_TIMEOUT + "}") Duration timeout) {
        List<DependencyProbe> all = probes.orderedStream().toList();
        return new StartupDependencyCheck(all, timeout);
    }
}
