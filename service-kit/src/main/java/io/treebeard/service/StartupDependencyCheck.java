package io.treebeard.service;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Checks every {@link DependencyProbe} once all singletons exist and before the web server and the consumers start,
 * so a service with an unreachable dependency fails at boot with the dependency named, instead of starting and
 * reporting errors later.
 */
public final class StartupDependencyCheck implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(StartupDependencyCheck.class);

    private final List<DependencyProbe> probes;
    private final Duration timeout;

    /** Checks {@code probes}, each within {@code timeout}. */
    public StartupDependencyCheck(List<DependencyProbe> probes, Duration timeout) {
        this.probes = List.copyOf(probes);
        this.timeout = timeout;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (DependencyProbe probe : probes) {
            try {
                probe.check(timeout);
                LOG.info("Dependency '{}' at {} is reachable", probe.name(), probe.location());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DependencyUnavailableException(probe, e);
            } catch (Exception e) {
                throw new DependencyUnavailableException(probe, e);
            }
        }
    }
}
